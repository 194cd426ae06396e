"""Document-level label consistency: names tagged once are tagged where they recur nearby."""
import pytest

from rasid.entities.consistency import (ConsistencySettings, label_spans, name_forms, propagate_labels,
                                        without_proclitic)


@pytest.mark.parametrize("word, bare", [
    ("ورامسفيلد", "رامسفيلد"),
    ("لبغداد", "بغداد"),
    ("بوش", None),          # too short to carry a proclitic
    ("رامسفيلد", None),
    ("عمان", None),
])
def test_without_proclitic(word, bare):
    assert without_proclitic(word) == bare


def test_name_forms_offer_the_name_without_its_proclitic():
    assert name_forms(("وديك", "تشيني")) == [("وديك", "تشيني"), ("ديك", "تشيني")]
    assert name_forms(("تشيني",)) == [("تشيني",)]


def test_label_spans():
    assert label_spans(["B-PER", "I-PER", "O", "B-LOC", "B-ORG", "I-ORG"]) == [(0, 2, "PER"), (3, 4, "LOC"), (4, 6, "ORG")]


def test_a_name_tagged_in_one_sentence_is_tagged_in_the_next():
    sentences = [["قال", "وزير", "الدفاع", "دونالد", "رامسفيلد", "إن"], ["وأضاف", "رامسفيلد", "أن"],
                 ["والتقى", "ورامسفيلد", "بالرئيس"]]
    labels = [["O", "O", "O", "B-PER", "I-PER", "O"], ["O", "O", "O"], ["O", "O", "O"]]
    out = propagate_labels(sentences, labels)
    assert out[0] == labels[0]
    assert out[1] == ["O", "O", "O"]              # "رامسفيلد" alone was never tagged alone
    labels[0] = ["O", "O", "O", "O", "B-PER", "O"]
    out = propagate_labels(sentences, labels)
    assert out[1] == ["O", "B-PER", "O"]
    assert out[2] == ["O", "B-PER", "O"]          # with its attached و


def test_multiword_names_and_the_most_frequent_type_win():
    sentences = [["شركة", "جنرال", "موتورز"], ["أعلنت", "جنرال", "موتورز"], ["جنرال", "موتورز", "قالت"],
                 ["وباعت", "جنرال", "موتورز"]]
    labels = [["O", "B-ORG", "I-ORG"], ["O", "O", "O"], ["B-PER", "I-PER", "O"], ["O", "B-ORG", "I-ORG"]]
    out = propagate_labels(sentences, labels)
    assert out[1] == ["O", "B-ORG", "I-ORG"]
    assert out[2] == ["B-PER", "I-PER", "O"]      # a tagged span is never changed


def test_names_do_not_travel_beyond_the_window_and_short_words_never():
    far = [["عبلة"]] + [["كلام"]] * 5 + [["عبلة"]]
    labels = [["B-PER"]] + [["O"]] * 6
    assert propagate_labels(far, labels, ConsistencySettings(window=3))[-1] == ["O"]
    assert propagate_labels(far, labels, ConsistencySettings(window=10))[-1] == ["B-PER"]
    short = [["من"], ["من"]]
    assert propagate_labels(short, [["B-LOC"], ["O"]])[1] == ["O"]


def test_empty_input():
    assert propagate_labels([], []) == []


def test_an_entity_starting_with_i_is_read_as_conlleval_reads_it():
    assert label_spans(["O", "I-PER", "I-PER", "I-LOC"]) == [(1, 3, "PER"), (3, 4, "LOC")]

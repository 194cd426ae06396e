"""Reading "token TAG" files: tag names, IOB repair, marks, chunks."""
from __future__ import annotations

import io

import pytest

from rasid.entities.conll import (chunks, iter_sentences, parse_line, read_conll, repair_iob2, tag_map,
                                  write_predictions)
from rasid.errors import InputError


@pytest.mark.parametrize("tag, coarse", [
    ("B-PERS", "B-PER"), ("I-PERS", "I-PER"), ("B-PER", "B-PER"), ("B-MIS", "B-MISC"), ("I-MISC", "I-MISC"),
    ("B-LOC", "B-LOC"), ("B-ORG", "B-ORG"), ("O", "O"), ("B-DATE", "O"), ("X", "O"),
    ("E-LOC", "I-LOC"), ("S-PERS", "B-PER"), ("Z-LOC", "O"),
])
def test_coarse_tag_names(tag, coarse):
    assert tag_map().coarse(tag) == coarse


@pytest.mark.parametrize("tag, coarse", [
    ("B-Politician", "B-PER"), ("I-Nation", "I-LOC"), ("B-Media", "B-ORG"), ("B-Group", "O"), ("B-Book", "B-MISC"),
])
def test_fine_classes_map_to_coarse(tag, coarse):
    assert tag_map(fine=True).coarse(tag) == coarse


@pytest.mark.parametrize("tags, repaired", [
    (["I-PER", "I-PER", "O"], ["B-PER", "I-PER", "O"]),
    (["B-LOC", "I-ORG"], ["B-LOC", "B-ORG"]),
    (["O", "I-LOC", "B-LOC", "I-LOC"], ["O", "B-LOC", "B-LOC", "I-LOC"]),
])
def test_repair_iob1_to_iob2(tags, repaired):
    assert repair_iob2(tags) == repaired


def test_sentences_split_on_blank_lines_and_marks_are_dropped():
    text = "\ufeffقال O\nعمرو\tB-PERS\n\n\n\u200fزار O\n\u200f O\nبغداد I-LOC\n"
    sents = list(iter_sentences(io.StringIO(text)))
    assert [s.tokens for s in sents] == [["قال", "عمرو"], ["زار", "\u200f", "بغداد"]]
    assert sents[1].tags == ["O", "O", "B-LOC"]


def test_bad_line_names_its_place(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("قال O\nعمرو\n", encoding="utf-8")
    with pytest.raises(InputError, match="bad.txt:2"):
        read_conll(path)


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        read_conll(tmp_path / "absent.txt")


def test_chunks_and_prediction_lines():
    assert [(c.start, c.end, c.type) for c in chunks(["B-PER", "I-PER", "O", "I-LOC"])] == [(0, 2, "PER"), (3, 4, "LOC")]
    out = io.StringIO()
    write_predictions(out, [(["زيد", "قال"], ["B-PER", "O"], ["O", "O"])])
    assert out.getvalue() == "زيد\tB-PER\tO\nقال\tO\tO\n\n"


@pytest.mark.parametrize("line, outermost, tag", [
    ("وزارة B-ORG", True, "B-ORG"),
    ("الصحة I-ORG B-GPE", True, "I-ORG"),
    ("الصحة I-ORG B-GPE", False, "B-GPE"),
    ("الصحة\tI-ORG", True, "I-ORG"),
])
def test_nested_lines_read_outermost_tag(line, outermost, tag):
    assert parse_line(line, "test", outermost=outermost)[1] == tag

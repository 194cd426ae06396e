"""Entity-level scorer (conlleval-equivalent) and `rasid eval ner`, on hand-made cases."""
from __future__ import annotations

import pytest

from rasid.entities.evaluate import Counts, format_score, score_all
from rasid.errors import InputError

O = "O"


@pytest.mark.parametrize("gold, predicted, correct, n_gold, n_pred", [
    # exact match of one two-token person
    (["B-PER", "I-PER", O], ["B-PER", "I-PER", O], 1, 1, 1),
    # boundary error: too short is wrong
    (["B-PER", "I-PER", O], ["B-PER", O, O], 0, 1, 1),
    # type error: right span, wrong type
    (["B-LOC", O], ["B-ORG", O], 0, 1, 1),
    # IOB1-style prediction (I- starting an entity) counts as the same chunk
    (["B-LOC", "I-LOC", O], ["I-LOC", "I-LOC", O], 1, 1, 1),
    # B- inside a run splits it into two entities
    (["B-LOC", "B-LOC"], ["B-LOC", "I-LOC"], 0, 2, 1),
    # I- of another type starts a new entity
    (["B-ORG", "I-ORG", "I-ORG"], ["B-ORG", "I-LOC", "I-LOC"], 0, 1, 2),
    # nothing predicted
    (["B-MISC", O], [O, O], 0, 1, 0),
    # spurious prediction
    ([O, O], [O, "B-PER"], 0, 0, 1),
])
def test_entity_counts(gold, predicted, correct, n_gold, n_pred):
    score = score_all([(gold, predicted)])
    assert (score.overall.correct, score.overall.gold, score.overall.predicted) == (correct, n_gold, n_pred)


def test_precision_recall_f1_over_sentences():
    pairs = [
        (["B-PER", "I-PER", O, "B-LOC"], ["B-PER", "I-PER", O, "B-ORG"]),   # 1 right, 1 wrong type
        (["B-LOC", O, "B-ORG", "I-ORG"], ["B-LOC", O, O, O]),                 # 1 right, 1 missed
    ]
    score = score_all(pairs)
    assert score.overall.precision == pytest.approx(2 / 3)
    assert score.overall.recall == pytest.approx(2 / 4)
    assert score.overall.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))
    assert score.by_type["LOC"].gold == 2 and score.by_type["LOC"].correct == 1
    assert score.by_type["ORG"].predicted == 1 and score.by_type["ORG"].correct == 0
    assert score.tokens == 8 and score.tokens_correct == 5


def test_zero_counts_give_zero_not_error():
    assert Counts().f1 == 0.0 and Counts(gold=3).recall == 0.0


def test_length_mismatch_is_an_input_error():
    with pytest.raises(InputError):
        score_all([(["B-PER", O], ["B-PER"])])


def test_format_lists_each_type_and_overall():
    text = format_score(score_all([(["B-PER", "B-LOC"], ["B-PER", O])]))
    lines = text.splitlines()
    assert any(ln.startswith("PER") and ln.rstrip().endswith("1.0000") for ln in lines)
    assert lines[-1].startswith("overall")


def test_eval_command_writes_predictions(tmp_path, monkeypatch, capsys):
    from rasid.cli.main import main
    from rasid.entities import evaluate, tagger

    class FixedTagger:
        def tag(self, tokens):
            return ["B-PER" if t == "زيد" else O for t in tokens]

    monkeypatch.setattr(tagger, "get_tagger", lambda: FixedTagger())
    data = tmp_path / "gold.txt"
    data.write_text("قال O\nزيد B-PERS\nإن O\n\nزار O\nعمرو B-PERS\nبغداد B-LOC\n", encoding="utf-8")
    out = tmp_path / "pred.tsv"
    assert main(["eval", "ner", "--data", str(data), "--predictions", str(out)]) == 0
    blocks = out.read_text(encoding="utf-8").strip().split("\n\n")
    assert blocks[0].splitlines()[1] == "زيد\tB-PER\tB-PER"
    assert blocks[1].splitlines()[2] == "بغداد\tB-LOC\tO"
    printed = capsys.readouterr().out
    overall = [ln for ln in printed.splitlines() if ln.startswith("overall")][0].split()
    assert overall[1:4] == ["3", "1", "1"]      # gold, predicted, correct

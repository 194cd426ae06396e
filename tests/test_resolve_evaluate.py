"""Scoring of `rasid eval resolve` (rasid.resolve.evaluate): pairs, splits, seed checks."""
from __future__ import annotations

import json

import pytest

from rasid.errors import InputError
from rasid.resolve.evaluate import (covering_event, evaluate_labelled, gold_pairs, load_labelled, predicted_pairs,
                                    score_pairs, seed_checks)


def test_gold_pairs_ignore_null_incidents():
    labels = {"a": "x", "b": "x", "c": None, "d": "y", "e": "x"}
    assert gold_pairs(labels) == {("a", "b"), ("a", "e"), ("b", "e")}


def test_predicted_pairs_only_between_kept_articles():
    events = [{"mentions": [{"article": "a"}, {"article": "b"}, {"article": "z"}]}, {"mentions": [{"article": "c"}]}]
    assert predicted_pairs(events, {"a", "b", "c"}) == {("a", "b")}


@pytest.mark.parametrize("predicted,gold,p,r,f1", [
    ({("a", "b")}, {("a", "b")}, 1.0, 1.0, 1.0),
    ({("a", "b"), ("a", "c")}, {("a", "b")}, 0.5, 1.0, 2 / 3),
    (set(), {("a", "b")}, 1.0, 0.0, 0.0),
])
def test_pair_scores(predicted, gold, p, r, f1):
    s = score_pairs(predicted, gold)
    assert (s.precision, s.recall) == (p, r) and s.f1 == pytest.approx(f1)


def test_scores_per_split_use_caller_ids():
    rows = [{"id": "1", "incident": "x", "split": "tune"}, {"id": "2", "incident": "x", "split": "tune"},
            {"id": "3", "incident": "y", "split": "test"}, {"id": "4", "incident": "y", "split": "test"}]
    export = {"articles": [{"id": f"art-{i}", "external_id": str(i)} for i in range(1, 5)],
              "events": [{"mentions": [{"article": "art-1"}, {"article": "art-2"}, {"article": "art-3"}]}]}
    scores = evaluate_labelled(rows, export)
    assert (scores["tune"].true_positive, scores["tune"].predicted) == (1, 1)
    assert (scores["test"].true_positive, scores["test"].gold) == (0, 1)
    assert scores["all"].predicted == 3


def test_labelled_rows_need_an_incident(tmp_path):
    path = tmp_path / "set.jsonl"
    path.write_text(json.dumps({"id": "1", "text": "انفجار"}, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(InputError):
        load_labelled(str(path))


def test_covering_event_prefers_the_gold_figures():
    events = [{"mentions": [{"article": "a", "killed": {"value": 133}}, {"article": "b", "killed": {"value": 62}}]},
              {"mentions": [{"article": "a", "killed": {"value": 95}}, {"article": "b", "killed": {"value": 100}}]}]
    assert covering_event(events, {"a", "b"}, "killed", {"a": 95, "b": 100}) is events[1]


def seed_export(kinds):
    articles = [{"id": f"art-{d}", "source": f"/x/{d}_abc.txt"} for d in ("000", "001")]
    event = {"id": "ev-1", "mentions": [{"article": "art-000", "killed": {"value": 133}},
                                        {"article": "art-001", "killed": {"value": 62}}],
             "discrepancies": [{"field": "killed", "kind": k} for k in kinds]}
    return {"articles": articles, "events": [event], "discrepancies": [], "profiles": [], "entities": []}


@pytest.mark.parametrize("kinds,passed", [(["evolving"], 2), (["conflict"], 1), ([], 1)])
def test_seed_discrepancy_checks(kinds, passed):
    gold = {"discrepancies": [{"subject": "hall", "field": "killed", "kind": "evolving",
                               "values": {"000": 133, "001": 62}}]}
    checks = seed_checks(gold, seed_export(kinds))
    assert sum(c.passed for c in checks) == passed and len(checks) == 2

"""Figure bounds, reconciliation and discrepancy kinds (rasid.resolve.quantities / figures)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from rasid.resolve.config import load_figure_data
from rasid.resolve.figures import reconcile_figure
from rasid.resolve.quantities import read_quantity


@dataclass
class Rec:
    article: str
    published: date | None
    killed: dict | None
    sentence: str = ""

    @property
    def mention(self):
        return {"sentence": self.sentence}

    def figure(self, name):
        return self.killed if name == "killed" else None


def q(value, qualifier="exact", text=""):
    return {"value": value, "qualifier": qualifier, "text": text or str(value)}


@pytest.mark.parametrize("quantity,low,point,high,kind", [
    (q(5), 5, 5, 5, "exact"),
    (q(62, "at_least"), 62, 62, None, "lower"),
    (q(135, "more_than"), 136, 136, None, "lower"),
    (q(100, "nearly"), None, 100, 100, "approx"),
    (q(170, "about"), None, 170, None, "approx"),
    (q(10, "less_than"), None, 9, 9, "upper"),
    (q(None, "vague", "عشرات القتلى"), None, None, None, "vague"),
])
def test_quantity_bounds(quantity, low, point, high, kind):
    r = read_quantity(quantity, load_figure_data())
    assert (r.low, r.point, r.high, r.kind) == (low, point, high, kind)


@pytest.mark.parametrize("text,vague_low", [("عشرات الجرحى", 12), ("مئات المصابين", 100), ("وعشرات", 12), ("سقوط قتلى", None)])
def test_vague_words_low_follows_acled(text, vague_low):
    assert read_quantity(q(None, "vague", text), load_figure_data()).vague_low == vague_low


def test_parts_are_summed():
    parts = {"value": None, "qualifier": "exact", "text": "",
             "parts": [{"who": "جنود", "value": 13, "qualifier": "exact"}, {"who": "مدنيين", "value": 170, "qualifier": "more_than"}]}
    r = read_quantity(parts, load_figure_data())
    assert (r.low, r.point, r.kind) == (184, 184, "lower")


def kinds_and_figure(recs):
    result = reconcile_figure(recs, "killed", load_figure_data())
    return result.kind, result.figure


def test_growing_toll_by_publication_time_is_evolving_and_best_is_latest():
    kind, fig = kinds_and_figure([Rec("a", date(2024, 1, 1), q(10)), Rec("b", date(2024, 1, 2), q(25)),
                                  Rec("c", date(2024, 1, 5), q(31))])
    assert kind == "evolving" and fig["best"] == 31 and fig["high"] == 31


def test_shrinking_toll_by_publication_time_is_a_conflict():
    kind, _ = kinds_and_figure([Rec("a", date(2024, 1, 1), q(40)), Rec("b", date(2024, 1, 3), q(25))])
    assert kind == "conflict"


def test_early_cue_without_dates_makes_a_smaller_exact_figure_evolving():
    kind, fig = kinds_and_figure([Rec("a", None, q(12), "في حصيلة أولية قتل 12 شخصا"), Rec("b", None, q(30))])
    assert kind == "evolving" and fig["best"] == 30 and fig["low"] == 30


def test_equal_figures_are_no_discrepancy():
    kind, fig = kinds_and_figure([Rec("a", None, q(7)), Rec("b", None, q(7, "at_least"))])
    assert kind is None and fig == {"low": 7, "best": 7, "high": 7, "basis": "figure given by 2 source(s)"}


def test_only_vague_gives_low_only():
    kind, fig = kinds_and_figure([Rec("a", None, q(None, "vague", "عشرات القتلى"))])
    assert kind is None and (fig["low"], fig["best"], fig["high"]) == (12, None, None)


def test_no_figures_gives_none():
    assert kinds_and_figure([Rec("a", None, None)]) == (None, None)


def test_later_lower_bound_below_an_earlier_figure_still_evolves():
    kind, fig = kinds_and_figure([Rec("a", date(2025, 5, 10), q(12, "at_least")), Rec("b", date(2025, 5, 11), q(27)),
                                  Rec("c", date(2025, 5, 12), q(25, "at_least"))])
    assert kind == "evolving" and fig["best"] == 27 and fig["high"] == 27


def test_later_smaller_exact_figure_is_a_conflict():
    kind, _ = kinds_and_figure([Rec("a", date(2025, 5, 10), q(12)), Rec("b", date(2025, 5, 11), q(27)),
                                Rec("c", date(2025, 5, 12), q(20))])
    assert kind == "conflict"


def test_one_article_repeating_its_toll_with_a_bound_is_one_lower_bound_source():
    # «أوقع 62 قتيلا» and «ما لا يقل عن 62» in one undated article; another says 133
    kind, fig = kinds_and_figure([Rec("a", None, q(62)), Rec("a", None, q(62, "at_least")), Rec("b", None, q(133))])
    assert kind == "evolving" and fig["best"] == 133

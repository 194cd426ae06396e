"""The analyst's brief: rendering from an export dict, escaping, RTL, and the CLI on a missing DB."""
from __future__ import annotations

import pytest

from rasid.cli.main import main
from rasid.resolve.report import build_brief, citation, render_html, render_markdown

EXPORT = {
    "schema": "rasid.export/1",
    "articles": [
        {"id": "a1", "outlet": "صحيفة الشرق", "title": "تفجير في المدينة", "published": "2024-05-04"},
        {"id": "a2", "outlet": None, "title": "<script>alert(1)</script>", "published": None},
    ],
    "entities": [{"id": "ent-1", "kb_id": "grp", "type": "ORG", "name_ar": "جماعة النصر", "name_en": "Nasr Group"}],
    "events": [{
        "id": "ev-1", "type": "attack", "subtype": "bombing",
        "date": {"value": "2024-05-03", "granularity": "day"},
        "location": {"name": "مدينة سين", "country": "AA"},
        "actors": [{"entity": "ent-1", "name": "جماعة النصر", "role": "perpetrator"}],
        "killed": {"low": 20, "best": 41, "high": 44, "basis": "latest figure"},
        "injured": None, "arrested": None, "kidnapped": None,
        "mentions": [{"article": "a1", "sentence": "قتل 20 شخصا على الأقل"},
                     {"article": "a2", "sentence": "قتل 41 <b>شخصا</b>"}],
        "discrepancies": [{"subject": "ev-1", "field": "killed", "kind": "evolving",
                           "values": [{"article": "a1", "value": 20, "text": "20 على الأقل"},
                                      {"article": "a2", "value": 41, "text": "41"}], "note": "toll grows"}],
    }],
    "profiles": [{"entity": "ent-1", "founded": [{"value": "2014", "text": "تأسست عام 2014", "articles": ["a1"]}],
                  "size_estimates": [{"low": 4000, "high": 6000, "by": "تقديرات غربية", "text": "", "articles": ["a2"]}],
                  "designations": [{"date": "2016-01-14", "by": "وزارة الخارجية", "kind": "foreign_terrorist_organization",
                                    "articles": ["a1"]}], "events": ["ev-1"]}],
    "discrepancies": [{"subject": "ent-1", "field": "founded", "kind": "anachronism",
                       "values": [{"article": "a1", "value": "2025", "text": "ظهر أوائل 2025"}], "note": "too late"}],
}


def test_markdown_cites_outlet_title_and_date_and_spells_out_discrepancies():
    md = render_markdown(EXPORT)
    assert "صحيفة الشرق — تفجير في المدينة — 2024-05-04 [a1]" in md
    assert "unknown outlet" in md and "undated" in md
    assert "evolving on killed" in md and "anachronism on founded" in md
    assert "best 41 (low 20, high 44)" in md
    assert "4000–6000 (تقديرات غربية)" in md


def test_html_escapes_article_content_and_marks_arabic_rtl():
    html = render_html(EXPORT)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "<b>شخصا</b>" not in html
    assert 'dir="rtl"' in html and "جماعة النصر" in html


@pytest.mark.parametrize("article,expected", [
    (None, "article x"),
    ({"outlet": "o", "title": "t", "published": "2020-01-01"}, "o — t — 2020-01-01 [x]"),
    ({}, "unknown outlet — untitled — undated [x]"),
])
def test_citation(article, expected):
    assert citation(article, "x") == expected


def test_brief_counts():
    brief = build_brief(EXPORT)
    assert (len(brief.events), len(brief.organizations), brief.article_count) == (1, 1, 2)
    assert brief.organizations[0].title == "جماعة النصر"


def test_cli_report_on_missing_database_is_a_clear_error(tmp_path, capsys):
    code = main(["report", "--db", str(tmp_path / "none.db"), "--format", "md"])
    assert code != 0
    assert "rasid ingest" in capsys.readouterr().err


def test_cli_report_on_an_empty_store_writes_html(tmp_path):
    from rasid.store import open_store
    db = tmp_path / "r.db"
    open_store(str(db)).close()
    out = tmp_path / "brief.html"
    assert main(["report", "--db", str(db), "--format", "html", "--out", str(out)]) == 0
    assert "Rasid brief" in out.read_text(encoding="utf-8")

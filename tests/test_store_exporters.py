"""Export writers: JSON, JSON Lines with kinds, GTD-style CSV rows."""
from __future__ import annotations

import csv
import io
import json

from rasid.store.exporters import CSV_COLUMNS, event_row, write_export

EVENT = {
    "id": "ev-1", "type": "attack", "subtype": "bombing",
    "date": {"value": "2024-03-22", "granularity": "day", "earliest": "2024-03-22", "latest": "2024-03-22"},
    "location": {"name": "مدينة", "country": "RU", "lat": 55.8, "lon": 37.4, "precision": "site"},
    "actors": [{"name": "تنظيم أ", "role": "claimed_by"}, {"name": "تنظيم أ", "role": "perpetrator"},
               {"name": "الشرطة", "role": "authority"}],
    "killed": {"low": 60, "best": 133, "high": 145, "basis": "latest official figure"},
    "injured": None, "arrested": {"low": 11, "best": 11, "high": 11, "basis": "one source"},
    "mentions": [{"article": "art-a"}, {"article": "art-b"}, {"article": "art-a"}],
    "discrepancies": [{"kind": "evolving"}, {"kind": "conflict"}, {"kind": "evolving"}],
}
EXPORT = {"schema": "rasid.export/1",
          "articles": [{"id": "art-a", "outlet": "وكالة أ"}, {"id": "art-b", "outlet": "قناة ب"}],
          "entities": [], "events": [EVENT], "profiles": [], "discrepancies": [{"kind": "conflict"}]}


def test_event_row_gtd_fields():
    row = event_row(EVENT, {"art-a": "وكالة أ", "art-b": "قناة ب"})
    assert set(row) == set(CSV_COLUMNS)
    assert row["perpetrators"] == "تنظيم أ"
    assert (row["killed_low"], row["killed_best"], row["killed_high"]) == (60, 133, 145)
    assert row["injured_best"] is None and row["arrested"] == 11
    assert row["sources"] == 2 and row["outlets"] == "وكالة أ; قناة ب"
    assert row["discrepancy_kinds"] == "conflict; evolving"


def test_csv_one_row_per_event():
    out = io.StringIO()
    write_export(EXPORT, "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 1 and rows[0]["event_id"] == "ev-1" and rows[0]["country"] == "RU"


def test_jsonl_records_have_kinds():
    out = io.StringIO()
    write_export(EXPORT, "jsonl", out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [x["kind"] for x in lines] == ["schema", "article", "article", "event", "discrepancy"]
    assert lines[0]["schema"] == "rasid.export/1"
    assert lines[4]["record"] == {"kind": "conflict"} and lines[3]["record"]["id"] == "ev-1"


def test_json_round_trip_keeps_arabic():
    out = io.StringIO()
    write_export(EXPORT, "json", out)
    assert "وكالة أ" in out.getvalue() and json.loads(out.getvalue()) == EXPORT

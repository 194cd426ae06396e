"""The summary `rasid run` prints after its work."""
from rasid.cli.run import event_lines, most_reported


def event(eid, mentions, killed=None, kinds=()):
    return {"id": eid, "type": "attack", "subtype": "bombing", "date": {"value": "2025-05-10"},
            "location": {"name": "مقديشو", "country": "SO"},
            "killed": killed, "injured": None, "arrested": None,
            "mentions": [{"article": f"art-{i}"} for i in range(mentions)],
            "discrepancies": [{"kind": k} for k in kinds]}


def test_most_reported_orders_by_sources_then_toll():
    events = [event("a", 1, {"low": 5, "best": 5, "high": 5}), event("b", 3), event("c", 1, {"low": 9, "best": 9, "high": 9})]
    assert [e["id"] for e in most_reported(events, 2)] == ["b", "c"]
    assert most_reported(events, 0) == []


def test_event_line_shows_range_sources_and_discrepancies():
    line = event_lines([event("a", 3, {"low": 12, "best": 27, "high": 27}, kinds=("evolving",))])[0]
    assert "attack/bombing" in line and "مقديشو (SO)" in line
    assert "killed 27 (12-27)" in line and "3 source(s)" in line and "[evolving]" in line

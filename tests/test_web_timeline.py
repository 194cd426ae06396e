"""Timeline buckets: by month (year when only the year is known), undated last."""
from __future__ import annotations

import pytest

from rasid.web.timeline import event_period, timeline_buckets


@pytest.mark.parametrize("date, period", [
    ({"value": "2025-03-02"}, "2025-03"), ({"value": "2025-03"}, "2025-03"), ({"value": "2015"}, "2015"),
    ({"value": None}, None), (None, None), ({"value": "قريبا"}, None),
])
def test_event_period(date, period):
    assert event_period({"date": date}) == period


def test_buckets_in_order_with_shares():
    events = [{"id": "a", "date": {"value": "2025-04-01"}}, {"id": "b", "date": None},
              {"id": "c", "date": {"value": "2025-03-09"}}, {"id": "d", "date": {"value": "2025-03-01"}}]
    buckets = timeline_buckets(events)
    assert [b.period for b in buckets] == ["2025-03", "2025-04", None]
    assert [e["id"] for e in buckets[0].events] == ["d", "c"]
    assert [b.share for b in buckets] == [1.0, 0.5, 0.5]


def test_no_events_no_buckets():
    assert timeline_buckets([]) == []

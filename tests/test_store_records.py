"""rasid.store.records: the readings fingerprint, hashed from sorted or streamed rows."""
from __future__ import annotations

import pytest

from rasid.errors import StoreError
from rasid.store.records import readings_fingerprint, sorted_readings_fingerprint

ROWS = [("art-b", '{"id": "art-b"}'), ("art-a", '{"id": "art-a", "events": []}'), ("art-c", "{}")]


def test_streamed_fingerprint_equals_the_sorted_one():
    assert sorted_readings_fingerprint(iter(sorted(ROWS))) == readings_fingerprint(ROWS)


def test_streamed_fingerprint_refuses_rows_out_of_order():
    with pytest.raises(StoreError, match="ascending id order"):
        sorted_readings_fingerprint(iter(ROWS))


def test_fingerprint_depends_on_every_reading():
    changed = [ROWS[0], ROWS[1], ("art-c", '{"x": 1}')]
    assert readings_fingerprint(changed) != readings_fingerprint(ROWS)
    assert readings_fingerprint([]) == sorted_readings_fingerprint([])

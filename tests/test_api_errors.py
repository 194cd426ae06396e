"""Errors of the API: statuses of Rasid errors and one-line messages for bad parameters."""
from __future__ import annotations

import pytest

from rasid.api.errors import rasid_status
from rasid.errors import FetchError, InputError, RasidError, ResourceError, StoreError, UnsafeInputError, UsageError


@pytest.mark.parametrize("error, status", [
    (InputError("no text: give the article"), 422), (FetchError("timed out"), 422),
    (UnsafeInputError("private address"), 422), (StoreError("database is gone"), 503),
    (ResourceError("data file broken: reinstall"), 503), (UsageError("bad option"), 400),
    (RasidError("other"), 400),
])
def test_rasid_errors_map_to_statuses(error, status):
    assert rasid_status(error) == status

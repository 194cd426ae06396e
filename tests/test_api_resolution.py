"""Background resolution of the web process: one run at a time, requests coalesced, errors reported."""
from __future__ import annotations

import threading

import pytest

from conftest_web import build_db
from rasid.api.resolution import (BackgroundResolver, ResolutionStatus, main, resolve_in_process,
                                  resolve_in_subprocess)
from rasid.errors import StoreError
from rasid.store import open_store


class GatedRunner:
    """A runner that records its calls and blocks each run until released."""

    def __init__(self, fail: bool = False) -> None:
        self.calls = 0
        self.started = threading.Event()
        self.gate = threading.Event()
        self.fail = fail

    def __call__(self, db: str) -> None:
        self.calls += 1
        self.started.set()
        assert self.gate.wait(10)
        if self.fail:
            raise StoreError("the database went away: check the disk")


def test_requests_during_a_run_are_coalesced_into_one_next_run():
    runner = GatedRunner()
    resolver = BackgroundResolver("x.db", runner)
    first = resolver.request()
    assert runner.started.wait(5)
    later = [resolver.request() for _ in range(5)]            # arrive while the first run is blocked
    assert resolver.status().ticket_state(later[-1]) == "pending"
    runner.gate.set()
    assert resolver.wait(later[-1], 10)
    assert (first, later) == (1, [2, 3, 4, 5, 6])
    assert runner.calls == 2                                  # the first run, then one for all five
    status = resolver.status()
    assert status.resolved == 6 and status.failed == 0 and status.last_error is None
    resolver.close()
    assert not resolver.status().running


def test_a_failed_run_is_reported_and_the_next_request_retries():
    runner = GatedRunner(fail=True)
    runner.gate.set()
    resolver = BackgroundResolver("x.db", runner)
    ticket = resolver.request()
    assert resolver.wait(ticket, 10)
    status = resolver.status()
    assert status.ticket_state(ticket) == "failed" and "check the disk" in (status.last_error or "")
    runner.fail = False
    again = resolver.request()
    assert resolver.wait(again, 10) and resolver.status().ticket_state(again) == "done"
    assert resolver.status().last_error is None
    resolver.close()


def test_wait_times_out_while_a_run_is_blocked():
    runner = GatedRunner()
    resolver = BackgroundResolver("x.db", runner)
    ticket = resolver.request()
    assert resolver.wait(ticket, 0.05) is False
    runner.gate.set()
    resolver.close()
    assert resolver.status().ticket_state(ticket) == "done"


def test_closed_resolver_starts_no_run():
    runner = GatedRunner()
    resolver = BackgroundResolver("x.db", runner)
    resolver.close()
    ticket = resolver.request()
    assert resolver.wait(ticket, 1) and runner.calls == 0
    assert resolver.status().ticket_state(ticket) == "pending"


@pytest.mark.parametrize("resolved, failed, requested, ticket, state", [
    (0, 0, 0, 1, "unknown"), (2, 0, 3, 2, "done"), (2, 0, 3, 3, "pending"), (1, 3, 3, 3, "failed"),
    (4, 3, 4, 3, "done"), (0, 0, 2, 0, "unknown"), (0, 0, 2, 3, "unknown"),
])
def test_ticket_states(resolved, failed, requested, ticket, state):
    status = ResolutionStatus(False, requested, resolved, failed, None, None)
    assert status.ticket_state(ticket) == state
    assert status.to_dict(ticket)["ticket_state"] == state


def test_in_process_resolution_saves_a_fingerprint(tmp_path):
    db = build_db(str(tmp_path / "r.db"))
    resolve_in_process(db.path)
    with open_store(db.path, create=False) as store:
        assert store.resolution_fingerprint() == store.readings_fingerprint()


@pytest.mark.slow
def test_subprocess_resolution_and_its_errors(tmp_path):
    db = build_db(str(tmp_path / "r.db"))
    resolve_in_subprocess(db.path)
    with open_store(db.path, create=False) as store:
        assert store.resolution_fingerprint() == store.readings_fingerprint()
    with pytest.raises(StoreError, match="background resolution failed"):
        resolve_in_subprocess(str(tmp_path / "absent.db"))


def test_main_needs_one_database(capsys):
    assert main([]) == 2 and "usage" in capsys.readouterr().err

"""Database access of the web process: one read connection per thread, a forwarding stand-in, one writer."""
from __future__ import annotations

import threading

import pytest

from conftest_web import build_db
from rasid.api.stores import StoreAccess
from rasid.errors import StoreError


@pytest.fixture()
def access(tmp_path):
    opened = StoreAccess(build_db(str(tmp_path / "s.db")).path)
    yield opened
    opened.close()


def in_thread(function):
    result: list = []
    thread = threading.Thread(target=lambda: result.append(function()))
    thread.start()
    thread.join(10)
    return result[0]


def test_each_thread_gets_its_own_store_and_keeps_it(access):
    mine = access.reader()
    assert access.reader() is mine
    theirs = in_thread(access.reader)
    assert theirs is not mine


def test_the_stand_in_forwards_to_the_calling_threads_store(access):
    stand_in = access.thread_store
    assert stand_in.count_articles() == 3
    assert in_thread(lambda: stand_in.count_events()) == 3
    assert in_thread(lambda: stand_in._access.reader()) is not access.reader()


def test_close_closes_every_store_and_later_reads_reopen(access):
    first = access.reader()
    access.close()
    again = access.reader()
    assert again is not first and again.count_articles() == 3


def test_writes_hold_the_lock_and_use_their_own_store(access):
    with access.writer() as store:
        assert access.write_lock.locked() and store is not access.reader()
    assert not access.write_lock.locked()


def test_missing_database_fails_at_once(tmp_path):
    with pytest.raises(StoreError, match="no database"):
        StoreAccess(str(tmp_path / "absent.db"))

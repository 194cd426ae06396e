"""The PostgreSQL store against a real throwaway server, side by side with the SQLite store.

A session fixture runs ``initdb`` into a temporary folder (as the ``postgres`` OS user when the
tests run as root), starts the server on a Unix socket in that folder only, and removes it all at
the end. Every behavioural test runs on both backends; without PostgreSQL binaries the PostgreSQL
half is skipped with the reason.
"""
from __future__ import annotations

import glob
import json
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from rasid.doc import ArticleMeta, Document, Removal
from rasid.errors import StoreError
from rasid.store import EXPORT_SCHEMA, EventFilters, open_store
from rasid.store import fts as fts_module

PG_TOOLS = ("initdb", "pg_ctl")


@dataclass(frozen=True)
class PgServer:
    folder: str
    port: int
    bindir: str

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.folder}&port={self.port}"


def pg_bindir() -> str | None:
    """Folder with initdb and pg_ctl: on PATH, else Debian's /usr/lib/postgresql/<v>/bin."""
    found = shutil.which("initdb")
    if found:
        return str(Path(os.path.realpath(found)).parent)
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return str(Path(candidates[-1]).parent) if candidates else None


def as_server_user(args: list[str]) -> list[str]:
    """Root cannot run postgres: run the server tools as the ``postgres`` OS user then."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(bindir: str) -> PgServer:
    folder = tempfile.mkdtemp(prefix="rasid-pg-")
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data, port = os.path.join(folder, "data"), free_port()
    subprocess.run(as_server_user([f"{bindir}/initdb", "-D", data, "-A", "trust", "-U", "postgres",
                                   "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
                   check=True, capture_output=True)
    options = f"-p {port} -k {folder} -c listen_addresses='' -c fsync=off"
    subprocess.run(as_server_user([f"{bindir}/pg_ctl", "-D", data, "-l", os.path.join(folder, "log"),
                                   "-o", options, "-w", "start"]), check=True, capture_output=True)
    return PgServer(folder, port, bindir)


def stop_server(server: PgServer) -> None:
    subprocess.run(as_server_user([f"{server.bindir}/pg_ctl", "-D", os.path.join(server.folder, "data"),
                                   "-m", "immediate", "-w", "stop"]), check=False, capture_output=True)
    shutil.rmtree(server.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server():
    bindir = pg_bindir()
    if bindir is None or not all(os.path.exists(f"{bindir}/{tool}") for tool in PG_TOOLS):
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not installed: apt-get install postgresql")
    server = start_server(bindir)
    yield server
    stop_server(server)


@pytest.fixture()
def pg_url(pg_server):
    """A fresh, empty database on the throwaway server."""
    import psycopg

    name = "rasid_" + uuid.uuid4().hex[:12]
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield pg_server.url(name)
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


DATA_TABLES = "articles, events, event_actors, entities, profiles, discrepancies, store_meta, ingest_failures"


@pytest.fixture(scope="session")
def pg_shared_url(pg_server):
    """One migrated database for the behavioural tests (emptied before each of them)."""
    import psycopg

    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE rasid_shared")
    url = pg_server.url("rasid_shared")
    open_store(url).close()
    return url


@pytest.fixture()
def pg_empty_url(pg_shared_url):
    import psycopg

    with psycopg.connect(pg_shared_url, autocommit=True) as conn:
        conn.execute(f"TRUNCATE {DATA_TABLES} RESTART IDENTITY CASCADE")
    return pg_shared_url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    url = str(tmp_path / "rasid.db") if request.param == "sqlite" else request.getfixturevalue("pg_empty_url")
    s = open_store(url)
    yield s
    s.close()


def make_doc(text: str, title: str | None = None, **meta: str) -> Document:
    doc = Document.from_text(text, ArticleMeta(title=title, source=meta.pop("source", "t.txt"), **meta))
    doc.meta.genre = "news"
    return doc


class SimulatedFailure(Exception):
    pass


# -- PostgreSQL only ----------------------------------------------------------------------------
@pytest.mark.postgres
def test_migrations_tracked_and_applied_once(pg_url):
    import psycopg

    first = open_store(pg_url)
    assert first.applied_migrations == ["0001_initial.sql"]
    first.close()
    again = open_store(pg_url)
    assert again.applied_migrations == []
    again.close()
    with psycopg.connect(pg_url) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM migrations")] == ["0001_initial.sql"]


@pytest.mark.postgres
def test_failed_migration_leaves_database_unchanged(pg_url, tmp_path):
    import psycopg

    from rasid.store.postgres import _connect, apply_postgres_migrations

    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "0001_bad.sql").write_text("CREATE TABLE ok (x INTEGER);\nCREATE TABLE broken (;\n")
    conn = _connect(pg_url)
    with pytest.raises(StoreError, match="0001_bad.sql"):
        apply_postgres_migrations(conn, folder)
    conn.close()
    with psycopg.connect(pg_url) as check:
        assert check.execute("SELECT to_regclass('ok')").fetchone()[0] is None


@pytest.mark.postgres
def test_unreachable_server_is_a_store_error_without_password(tmp_path):
    url = f"postgresql://user:secret@/none?host={tmp_path}&port=1"
    with pytest.raises(StoreError, match="cannot connect to PostgreSQL") as info:
        open_store(url)
    assert "secret" not in str(info.value)


@pytest.mark.postgres
def test_two_connections_store_the_same_content_once(pg_url):
    a, b = open_store(pg_url), open_store(pg_url)
    try:
        first = a.add_article(make_doc("سقط صاروخ على مخزن للوقود قرب الميناء."))
        second = b.add_article(make_doc("سقط صاروخ على مخزن للوقود قرب الميناء."))
        assert first.created and not second.created and first.article_id == second.article_id
        assert b.stats().articles == 1
    finally:
        a.close()
        b.close()


# -- both backends ------------------------------------------------------------------------------
def test_same_content_stored_once(store):
    first = store.add_article(make_doc("قتل ثلاثة جنود في هجوم على حاجز.", "هجوم"))
    second = store.add_article(make_doc("قتل  ثلاثة جنود في هجوم على حاجز.", "عنوان آخر", source="b.txt"))
    assert first.created and not second.created
    assert first.article_id == second.article_id and first.article_id.startswith("art-")
    assert store.stats().articles == 1


def test_failure_in_the_middle_of_add_article_leaves_nothing(store, monkeypatch):
    calls = []

    def index_then_fail(text: str) -> str:
        calls.append(text)
        if len(calls) == 2:           # the title was indexed, the body fails
            raise SimulatedFailure("disk full (simulated)")
        return text
    monkeypatch.setattr(fts_module, "index_terms", index_then_fail)
    with pytest.raises(SimulatedFailure):
        store.add_article(make_doc("انفجار سيارة مفخخة في سوق شعبي.", "انفجار"))
    monkeypatch.undo()
    assert store.stats().articles == 0 and store.articles() == []
    assert store.add_article(make_doc("انفجار سيارة مفخخة في سوق شعبي.", "انفجار")).created


def test_article_round_trip_and_contract_fields(store):
    doc = make_doc("نص المقال بعد التنظيف", "العنوان", outlet="وكالة", published="2024-03-02",
                   published_basis="meta", external_id="row-7")
    doc.raw = "شارك: فيسبوك\nنص المقال بعد التنظيف"
    doc.removed = [Removal(0, 13, "share_links")]
    added = store.add_article(doc, {"id": "x", "events": [], "entities": []})
    (article,) = store.articles()
    assert list(article) == ["id", "external_id", "source", "outlet", "published", "published_basis",
                             "title", "genre", "text", "removed"]
    assert article["removed"] == [{"start": 0, "end": 13, "kind": "share_links"}]
    stored = store.article(added.article_id)
    assert stored.raw.startswith("شارك") and stored.meta["outlet"] == "وكالة"
    assert stored.reading == {"id": added.article_id, "events": [], "entities": []}
    assert store.article("art-0000000000000000") is None and store.has_article(added.article_id)


def test_readings_unread_and_fingerprint(store):
    a = store.add_article(make_doc("خبر أول عن اشتباك مسلح")).article_id
    b = store.add_article(make_doc("خبر ثان عن عملية اعتقال")).article_id
    assert [x.id for x in store.unread_articles()] == [a, b]
    empty = store.readings_fingerprint()
    store.set_reading(a, {"id": "caller-id", "events": [], "entities": []})
    assert [x.id for x in store.unread_articles()] == [b]
    assert list(store.iter_readings()) == [{"id": a, "events": [], "entities": []}]
    assert store.readings_fingerprint() != empty
    with pytest.raises(StoreError, match="ingest it"):
        store.set_reading("art-0000000000000000", {"events": []})


SEARCH_CASES = [
    ("دمشق", "وقع انفجار في دِمَشق صباح اليوم", True),       # diacritics
    ("دمشق", "وصل الوفد لدمشق مساء", True),                   # preposition clitic
    ("دمشق", "واشتباكات وبدمشق ايضا", True),                  # conjunction + preposition
    ("الموصل", "معارك عنيفة بالموصل", True),                  # article kept under the preposition
    ("إدلب", "قصف على ادلب", True),                            # hamza variant in the query
    ("مدينة", "دخلت القوات المدينه", True),                    # taa marbuta / haa, with the article
    ("٣", "قتل 3 اشخاص", True),                                # Arabic-Indic digit in the query
    ("ISIS", "بيان منسوب إلى isis", True),                     # Latin case folded
    ("دمشق", "زيارة إلى بغداد", False),
    ("دمشق حلب", "وصل الوفد لدمشق مساء", False),                # every word must occur
]


@pytest.mark.parametrize("query,text,found", SEARCH_CASES)
def test_search_ignores_clitics_diacritics_and_variants(store, query, text, found):
    store.add_article(make_doc(text, "عنوان"))
    hits = store.search(query)
    assert bool(hits) is found
    if found:
        assert hits[0].title == "عنوان" and hits[0].snippet


def test_search_in_title_and_query_syntax_is_not_syntax(store):
    store.add_article(make_doc("نص لا يذكر المكان", "هجوم في كابل"))
    symmetric = type(store).__name__ == "SqliteStore"   # PostgreSQL has not adopted fts.query_key_groups yet
    assert [h.title for h in store.search("بكابل")] == (["هجوم في كابل"] if symmetric else [])
    assert [h.title for h in store.search("كابل")] == ["هجوم في كابل"]
    assert store.search('"كابل" OR NEAR(') == []
    assert [h.title for h in store.search("كابل & !هجوم | :*")] == ["هجوم في كابل"]   # tsquery operators
    assert store.search("...") == []


def test_search_finds_every_matching_article_within_limit(store):
    for place in ("الرمادي", "الفلوجة", "هيت"):
        store.add_article(make_doc(f"اشتباكات في {place} بين القوات والمسلحين", place))
    assert sorted(h.title for h in store.search("والمسلحين")) == ["الرمادي", "الفلوجة", "هيت"]
    assert len(store.search("المسلحين", limit=2)) == 2


def resolution(event_ids=("ev-1", "ev-2")):
    events = [
        {"id": event_ids[0], "type": "attack", "date": {"value": "2024-03", "granularity": "month",
         "earliest": "2024-03-01", "latest": "2024-03-31"},
         "location": {"name": "الرقة", "country": "SY"},
         "actors": [{"entity": "ent-a", "name": "تنظيم", "role": "perpetrator"}],
         "mentions": [{"article": "art-x", "sentence": "هجوم في الرقة"}], "discrepancies": []},
        {"id": event_ids[1], "type": "arrest", "date": {"value": "2023-01-05", "granularity": "day",
         "earliest": "2023-01-05", "latest": "2023-01-05"},
         "location": {"name": "بغداد", "country": "IQ"}, "actors": [], "mentions": [], "discrepancies": []},
    ]
    entities = [{"id": "ent-a", "kb_id": "kb:group", "type": "ORG", "name_ar": "تنظيم"}]
    discrepancies = [{"subject": event_ids[0], "field": "killed", "kind": "conflict", "values": [], "note": ""}]
    return {"events": events, "entities": entities, "profiles": [{"entity": "ent-a", "events": [event_ids[0]]}],
            "discrepancies": discrepancies}


FILTER_CASES = [
    (EventFilters(), ["ev-1", "ev-2"]),
    (EventFilters(type="attack"), ["ev-1"]),
    (EventFilters(country="IQ"), ["ev-2"]),
    (EventFilters(since="2024-03-15"), ["ev-1"]),
    (EventFilters(until="2023-12-31"), ["ev-2"]),
    (EventFilters(since="2024-04-01"), []),
    (EventFilters(actor="kb:group"), ["ev-1"]),
    (EventFilters(type="attack", country="IQ"), []),
    (EventFilters(text="بالرقة"), []),
    (EventFilters(text="الرقه"), ["ev-1"]),
]


@pytest.mark.parametrize("filters,expected", FILTER_CASES)
def test_event_filters(store, filters, expected):
    store.save_resolution(resolution())
    assert [e["id"] for e in store.events(filters)] == expected


def test_events_paging_and_lookup(store):
    store.save_resolution(resolution())
    assert [e["id"] for e in store.events(limit=1)] == ["ev-1"]
    assert [e["id"] for e in store.events(limit=1, offset=1)] == ["ev-2"]
    assert store.event("ev-2")["location"]["country"] == "IQ" and store.event("ev-9") is None


def test_save_resolution_replaces_atomically(store):
    store.save_resolution(resolution(), fingerprint="f1")
    bad = resolution(("ev-3", "ev-3"))              # duplicate event ids violate the schema
    with pytest.raises(StoreError, match="previous one was kept"):
        store.save_resolution(bad, fingerprint="f2")
    assert [e["id"] for e in store.events()] == ["ev-1", "ev-2"]
    assert store.resolution_fingerprint() == "f1"
    store.save_resolution({"events": [], "entities": [], "profiles": [], "discrepancies": []}, "f3")
    assert store.stats().events == 0 and store.resolution_fingerprint() == "f3"


def test_export_shape_and_key_order_round_trip(store):
    store.add_article(make_doc("نص", "عنوان"))
    empty = store.export()
    assert empty["schema"] == EXPORT_SCHEMA
    assert [k for k in empty] == ["schema", "articles", "entities", "events", "profiles", "discrepancies"]
    assert empty["events"] == [] and len(empty["articles"]) == 1
    store.save_resolution(resolution())
    full = store.export()
    assert full["events"][0] == resolution()["events"][0]
    assert list(full["events"][0]) == list(resolution()["events"][0])       # key order kept
    assert json.loads(json.dumps(full, ensure_ascii=False)) == full
    assert [p["entity"] for p in store.profiles()] == ["ent-a"] and len(store.discrepancies()) == 1


def test_failures_recorded(store):
    store.record_failure("bad.bin", "binary file: give text, HTML, JSON Lines or CSV")
    (failure,) = store.failures()
    assert failure.source == "bad.bin" and store.stats().failures == 1


def test_batch_commits_whole_articles_and_rolls_back_on_error(store, monkeypatch):
    with store.batch():
        store.add_article(make_doc("الخبر الأول في الدفعة"))
        real = fts_module.index_terms
        monkeypatch.setattr(fts_module, "index_terms", lambda text: (_ for _ in ()).throw(
            SimulatedFailure("simulated")))
        with pytest.raises(SimulatedFailure):
            store.add_article(make_doc("الخبر الثاني يفشل في منتصفه"))
        monkeypatch.setattr(fts_module, "index_terms", real)
        store.add_article(make_doc("الخبر الثالث في الدفعة"))
    assert store.stats().articles == 2 and len(store.search("الدفعة")) == 2
    with pytest.raises(RuntimeError):
        with store.batch():
            store.add_article(make_doc("خبر رابع لن يبقى"))
            raise RuntimeError("killed")
    assert store.stats().articles == 2 and store.search("رابع") == []

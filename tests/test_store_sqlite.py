"""The SQLite store: migrations, idempotent articles, transactions, FTS, resolution, export."""
from __future__ import annotations

import json
import sqlite3

import pytest

from rasid.doc import ArticleMeta, Document, Removal
from rasid.errors import StoreError
from rasid.store import EXPORT_SCHEMA, EventFilters, open_store
from rasid.store import fts as fts_module
from rasid.store.migrate import apply_sqlite_migrations, available_migrations, migrations_dir


def make_doc(text: str, title: str | None = None, **meta: str) -> Document:
    doc = Document.from_text(text, ArticleMeta(title=title, source=meta.pop("source", "t.txt"), **meta))
    doc.meta.genre = "news"
    return doc


@pytest.fixture()
def store(tmp_path):
    s = open_store(str(tmp_path / "sub" / "rasid.db"))
    yield s
    s.close()


def test_open_creates_parent_dir_and_records_migrations(tmp_path):
    path = tmp_path / "a" / "b" / "r.db"
    available = [m.name for m in available_migrations(migrations_dir())]
    with open_store(str(path)) as s:
        assert s.applied_migrations == available
    conn = sqlite3.connect(path)
    names = [r[0] for r in conn.execute("SELECT name FROM migrations")]
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    conn.close()
    assert names == available and names[0] == "0001_initial.sql" and mode == "wal"


def test_reopen_applies_only_new_migrations(tmp_path):
    path = str(tmp_path / "r.db")
    open_store(path).close()
    with open_store(path) as s:
        assert s.applied_migrations == []
    extra = tmp_path / "migs"
    extra.mkdir()
    (extra / "0001_first.sql").write_text("CREATE TABLE a (x INTEGER);\n-- trailing comment\n")
    (extra / "0002_second.sql").write_text("CREATE TABLE b (y TEXT);\nINSERT INTO b VALUES ('x;y');\n")
    conn = sqlite3.connect(str(tmp_path / "m.db"), isolation_level=None)
    assert apply_sqlite_migrations(conn, extra) == ["0001_first.sql", "0002_second.sql"]
    (extra / "0003_third.sql").write_text("CREATE TABLE c (z TEXT);")
    assert apply_sqlite_migrations(conn, extra) == ["0003_third.sql"]
    assert conn.execute("SELECT y FROM b").fetchone()[0] == "x;y"


def test_failed_migration_leaves_database_unchanged(tmp_path):
    folder = tmp_path / "migs"
    folder.mkdir()
    (folder / "0001_bad.sql").write_text("CREATE TABLE ok (x INTEGER);\nCREATE TABLE ok (x INTEGER);\n")
    conn = sqlite3.connect(str(tmp_path / "m.db"), isolation_level=None)
    with pytest.raises(StoreError, match="0001_bad.sql"):
        apply_sqlite_migrations(conn, folder)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "ok" not in tables


def test_same_content_stored_once(store):
    first = store.add_article(make_doc("قتل ثلاثة جنود في هجوم على حاجز.", "هجوم"))
    second = store.add_article(make_doc("قتل  ثلاثة جنود في هجوم على حاجز.", "عنوان آخر", source="b.txt"))
    assert first.created and not second.created
    assert first.article_id == second.article_id and first.article_id.startswith("art-")
    assert store.stats().articles == 1


def test_failure_in_the_middle_of_add_article_leaves_nothing(store, monkeypatch):
    def broken_index(text: str) -> str:
        raise sqlite3.OperationalError("disk I/O error (simulated)")
    monkeypatch.setattr(fts_module, "index_terms", broken_index)
    with pytest.raises(StoreError, match="nothing was written"):
        store.add_article(make_doc("انفجار سيارة مفخخة في سوق شعبي."))
    monkeypatch.undo()
    assert store.stats().articles == 0 and store.articles() == []
    assert store.add_article(make_doc("انفجار سيارة مفخخة في سوق شعبي.")).created


def test_article_round_trip_and_contract_fields(store):
    doc = make_doc("نص المقال بعد التنظيف", "العنوان", outlet="وكالة", published="2024-03-02",
                   published_basis="meta", external_id="row-7")
    doc.raw = "شارك: فيسبوك\nنص المقال بعد التنظيف"
    doc.removed = [Removal(0, 13, "share_links")]
    added = store.add_article(doc)
    (article,) = store.articles()
    assert list(article) == ["id", "external_id", "source", "outlet", "published", "published_basis",
                             "title", "genre", "text", "removed"]
    assert article["removed"] == [{"start": 0, "end": 13, "kind": "share_links"}]
    assert article["external_id"] == "row-7" and article["text"] == "نص المقال بعد التنظيف"
    stored = store.article(added.article_id)
    assert stored.raw.startswith("شارك") and stored.meta["outlet"] == "وكالة"


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
    ("دمشق", "وقع انفجار في دِمَشق صباح اليوم", True),      # diacritics
    ("دمشق", "وصل الوفد لدمشق مساء", True),                  # preposition clitic
    ("دمشق", "واشتباكات وبدمشق ايضا", True),                 # conjunction + preposition
    ("الموصل", "معارك عنيفة بالموصل", True),                 # article kept under the preposition
    ("إدلب", "قصف على ادلب", True),                           # hamza variant in the query
    ("٣", "قتل 3 اشخاص", True),                               # Arabic-Indic digit in the query
    ("بدمشق", "وقع انفجار في دمشق صباح اليوم", True),         # proclitic in the query, bare in the text
    ("لدمشق", "واشتباكات وبدمشق ايضا", True),                # different proclitics on both sides
    ("والجيش", "بيان للجيش", True),                          # article and conjunction in the query
    ("بدمشق", "زيارة إلى بغداد", False),
    ("دمشق", "زيارة إلى بغداد", False),
    ("دمشق حلب", "وصل الوفد لدمشق مساء", False),               # every word must occur
]


@pytest.mark.parametrize("query,text,found", SEARCH_CASES)
def test_search_ignores_clitics_diacritics_and_variants(store, query, text, found):
    store.add_article(make_doc(text, "عنوان"))
    hits = store.search(query)
    assert bool(hits) is found
    if found:
        assert hits[0].title == "عنوان" and hits[0].snippet


def test_search_in_title_and_quotes_are_not_syntax(store):
    store.add_article(make_doc("نص لا يذكر المكان", "هجوم في كابل"))
    assert [h.title for h in store.search("بكابل")] == ["هجوم في كابل"]      # the query's proclitic is stripped too
    assert [h.title for h in store.search("كابول")] == []
    assert [h.title for h in store.search("كابل")] == ["هجوم في كابل"]
    assert store.search('"كابل" OR NEAR(') == []  # the words "OR" and "NEAR" are not in the text
    assert store.search("...") == []


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
    (EventFilters(text="بالرقة"), []),
    (EventFilters(text="الرقه"), ["ev-1"]),
]


@pytest.mark.parametrize("filters,expected", FILTER_CASES)
def test_event_filters(store, filters, expected):
    store.save_resolution(resolution())
    assert [e["id"] for e in store.events(filters)] == expected


def test_save_resolution_replaces_atomically(store):
    store.save_resolution(resolution(), fingerprint="f1")
    bad = resolution(("ev-3", "ev-3"))              # duplicate event ids violate the schema
    with pytest.raises(StoreError, match="previous one was kept"):
        store.save_resolution(bad, fingerprint="f2")
    assert [e["id"] for e in store.events()] == ["ev-1", "ev-2"]
    assert store.resolution_fingerprint() == "f1"
    store.save_resolution({"events": [], "entities": [], "profiles": [], "discrepancies": []}, "f3")
    assert store.stats().events == 0 and store.resolution_fingerprint() == "f3"


def test_export_shape(store):
    store.add_article(make_doc("نص", "عنوان"))
    empty = store.export()
    assert empty["schema"] == EXPORT_SCHEMA
    assert [k for k in empty] == ["schema", "articles", "entities", "events", "profiles", "discrepancies"]
    assert empty["events"] == [] and len(empty["articles"]) == 1
    store.save_resolution(resolution())
    full = store.export()
    assert full["events"][0] == resolution()["events"][0]
    assert json.loads(json.dumps(full, ensure_ascii=False)) == full


def test_failures_recorded(store):
    store.record_failure("bad.bin", "binary file: give text, HTML, JSON Lines or CSV")
    (failure,) = store.failures()
    assert failure.source == "bad.bin" and store.stats().failures == 1


def test_open_missing_database_without_create(tmp_path):
    with pytest.raises(StoreError, match="rasid ingest"):
        open_store(str(tmp_path / "none.db"), create=False)


def test_not_a_database(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError):
        open_store(str(path))


def test_batch_search_rows_follow_the_articles_that_stayed(store):
    """An article rolled back after its row was written leaves no search row; the next one gets its own."""
    with store.batch():
        store.add_article(make_doc("انفجار أول في الدفعة", "الأول"))
        with pytest.raises(TypeError):
            store.add_article(make_doc("انفجار ثان يرفض في الدفعة", "الثاني"), reading={"bad": object()})
        store.add_article(make_doc("انفجار ثالث في الدفعة", "الثالث"))
    assert store.stats().articles == 2
    assert store.search("يرفض") == []
    assert [h.title for h in store.search("ثالث")] == ["الثالث"]
    assert sorted(h.title for h in store.search("انفجار")) == ["الأول", "الثالث"]


def test_batch_commits_whole_articles_and_rolls_back_on_error(store, monkeypatch):
    with store.batch():
        store.add_article(make_doc("الخبر الأول في الدفعة"))
        real = fts_module.index_terms
        monkeypatch.setattr(fts_module, "index_terms", lambda text: (_ for _ in ()).throw(
            sqlite3.OperationalError("simulated")))
        with pytest.raises(StoreError):
            store.add_article(make_doc("الخبر الثاني يفشل في منتصفه"))
        monkeypatch.setattr(fts_module, "index_terms", real)
        store.add_article(make_doc("الخبر الثالث في الدفعة"))
    assert store.stats().articles == 2 and len(store.search("الدفعة")) == 2
    with pytest.raises(RuntimeError):
        with store.batch():
            store.add_article(make_doc("خبر رابع لن يبقى"))
            raise RuntimeError("killed")
    assert store.stats().articles == 2 and store.search("رابع") == []

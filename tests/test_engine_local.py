"""The local engine with small fakes for ingest, clean, read and resolve (dependency injection)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest

from rasid.doc import ArticleMeta, Document
from rasid.engine.local import RunReport, document_of, run_corpus
from rasid.store import open_store


@dataclass
class FakeRaw:
    raw: str
    meta: ArticleMeta
    html: str | None = None


@dataclass(frozen=True)
class FakeFailure:
    source: str
    reason: str


def fake_articles(files: dict[str, str]):
    """An iter_articles stand-in over an in-memory {path: text}; empty text is a failure."""
    def iterate(paths, *, allow_private=False):
        for path in paths:
            text = files[path]
            if not text.strip():
                yield FakeFailure(path, "no text: give an article with text")
            else:
                yield FakeRaw(text, ArticleMeta(source=path, title=text.split("\n")[0]))
    return iterate


def fake_clean(doc: Document) -> None:
    doc.text = doc.raw.strip()
    doc.meta.genre = "news"


def fake_reader(doc: Document) -> dict:
    """One 'attack' event per article whose text has the word هجوم."""
    events = []
    if "هجوم" in doc.text:
        events.append({"id": f"{doc.meta.id}-e0", "type": "attack",
                       "mentions": [{"article": doc.meta.id, "sentence": doc.text[:40]}]})
    return {"id": doc.meta.id, "events": events, "entities": []}


def fake_resolver(articles, readings):
    events = [dict(e, id="ev-" + e["id"]) for r in readings for e in r["events"]]
    return {"events": events, "entities": [], "profiles": [], "discrepancies": []}


@dataclass
class Calls:
    read: list[str] = field(default_factory=list)
    resolved: int = 0


FILES = {
    "a.txt": "هجوم على حاجز\nقتل جنديان في هجوم على حاجز للجيش شمال المدينة.",
    "b.txt": "اعتقال مشتبه\nاعتقلت الشرطة مشتبها به في العاصمة.",
    "a_copy.txt": "هجوم على حاجز\nقتل جنديان في هجوم على حاجز للجيش شمال المدينة.",
    "empty.txt": "   ",
}


def run(store, paths, calls: Calls | None = None, files=FILES, **kw) -> RunReport:
    calls = calls or Calls()

    def reader(doc):
        calls.read.append(doc.meta.id)
        return fake_reader(doc)

    def resolver(articles, readings):
        calls.resolved += 1
        return fake_resolver(articles, readings)
    return run_corpus(paths, store, progress=False, articles=fake_articles(files), clean=fake_clean,
                      reader=reader, resolver=resolver, near_duplicates=False, **kw)


@pytest.fixture()
def store(tmp_path):
    with open_store(str(tmp_path / "r.db")) as s:
        yield s


def test_run_ingests_reads_and_resolves(store):
    report = run(store, list(FILES))
    assert (report.added, report.skipped_duplicates, report.read) == (2, 1, 2)
    assert [f.source for f in report.failed] == ["empty.txt"]
    assert report.resolved and report.events == 1 and report.articles == 2
    assert store.stats().failures == 1


def test_rerun_changes_nothing(store):
    run(store, list(FILES))
    before = json.dumps(store.export(), ensure_ascii=False)
    calls = Calls()
    report = run(store, list(FILES), calls)
    assert (report.added, report.read, report.resolved) == (0, 0, False)
    assert calls.read == [] and calls.resolved == 0
    assert json.dumps(store.export(), ensure_ascii=False) == before


def test_new_article_is_read_alone_and_corpus_re_resolved(store):
    run(store, ["a.txt"])
    files = dict(FILES, **{"c.txt": "هجوم جديد\nهجوم بطائرة مسيرة على مطار."})
    calls = Calls()
    report = run(store, ["a.txt", "c.txt"], calls, files=files)
    assert len(calls.read) == 1 and calls.resolved == 1 and report.events == 2


def test_ingest_only_leaves_articles_unread(store):
    report = run(store, ["a.txt", "b.txt"], read=False)
    assert report.added == 2 and report.read == 0 and store.stats().read == 0
    report = run(store, [])
    assert report.read == 2 and report.events == 1


def test_interrupted_reading_is_completed_by_the_next_run(store):
    def crashing_reader(doc):
        if "اعتقال" in doc.raw:
            raise KeyboardInterrupt
        return fake_reader(doc)
    with pytest.raises(KeyboardInterrupt):
        run_corpus(["a.txt", "b.txt"], store, progress=False, articles=fake_articles(FILES),
                   clean=fake_clean, reader=crashing_reader, resolver=fake_resolver, near_duplicates=False)
    assert store.stats().articles == 2 and store.stats().read == 1 and store.stats().events == 0
    report = run(store, ["a.txt", "b.txt"])
    assert report.read == 1 and report.resolved and store.stats().read == 2


def test_reader_error_is_reported_and_article_stays_unread(store):
    def broken_reader(doc):
        raise ValueError("unexpected layer")
    report = run_corpus(["a.txt"], store, progress=False, articles=fake_articles(FILES), clean=fake_clean,
                        reader=broken_reader, resolver=fake_resolver, near_duplicates=False)
    assert report.read == 0 and "ValueError" in report.read_failed[0].reason
    assert report.read_failed[0].source == "a.txt"
    assert [a.id for a in store.unread_articles()] == [store.articles()[0]["id"]]


def test_document_of_restores_meta(store):
    run(store, ["a.txt"], read=False)
    (stored,) = list(store.unread_articles())
    doc = document_of(stored)
    assert doc.meta.id == stored.id and doc.meta.source == "a.txt" and doc.text == doc.raw == stored.raw


def test_near_duplicates_flagged_against_stored_articles(store):
    body = " ".join(f"كلمة{i}" for i in range(200))
    files = {"x.txt": body + " نهاية أولى", "y.txt": body + " نهاية ثانية مختلفة"}
    run_corpus(["x.txt"], store, progress=False, articles=fake_articles(files), clean=fake_clean,
               read=False)
    report = run_corpus(["y.txt"], store, progress=False, articles=fake_articles(files), clean=fake_clean,
                        read=False)
    assert report.added == 1 and report.near_duplicates == 1


def test_progress_factory_is_used(store):
    seen = []

    class Bar:
        def __init__(self, total, label):
            seen.append(label)

        def advance(self, n=1):
            seen.append(n)

        def close(self):
            seen.append("closed")
    run_corpus(["b.txt"], store, progress=Bar, articles=fake_articles(FILES), clean=fake_clean,
               reader=fake_reader, resolver=fake_resolver, near_duplicates=False)
    assert seen == ["ingest", 1, "closed", "read", "closed"]     # read with its batch, right after storing


def test_new_articles_are_read_from_their_cleaned_documents(store):
    texts = []

    def reader(doc):
        texts.append(doc.text)
        return fake_reader(doc)
    run_corpus(["a.txt"], store, progress=False, articles=fake_articles({"a.txt": "  هجوم\nنص  "}),
               clean=fake_clean, reader=reader, resolver=fake_resolver, near_duplicates=False)
    assert texts == ["هجوم\nنص"]              # fake_clean's text, not the raw text


def test_reading_failed_at_ingest_is_not_retried_in_the_same_run(store):
    calls = []

    def broken_reader(doc):
        calls.append(doc.meta.id)
        raise ValueError("no")
    report = run_corpus(["a.txt"], store, progress=False, articles=fake_articles(FILES), clean=fake_clean,
                        reader=broken_reader, resolver=fake_resolver, near_duplicates=False)
    assert len(calls) == 1 and len(report.read_failed) == 1 and store.stats().read == 0


def test_missing_reader_module_stops_the_run(store):
    def reader_without_module(doc):
        raise ModuleNotFoundError("No module named 'rasid.reading'")
    with pytest.raises(ImportError):
        run_corpus(["a.txt"], store, progress=False, articles=fake_articles(FILES), clean=fake_clean,
                   reader=reader_without_module, resolver=fake_resolver, near_duplicates=False)
    assert store.stats().articles == 1 and store.stats().read == 0


def test_resolver_gets_slim_readings_streamed_in_article_id_order(store):
    seen: list[dict] = []

    def resolver(articles, readings):
        assert not isinstance(readings, list)           # a stream, not every reading at once
        seen.extend(readings)
        return fake_resolver(articles, seen)
    files = {**FILES, "c.txt": "هجوم ثان\nهجوم مسلح على دورية في الصحراء."}
    run_corpus(list(files), store, progress=False, articles=fake_articles(files), clean=fake_clean,
               reader=fake_reader, resolver=resolver, near_duplicates=False)
    assert [r["id"] for r in seen] == sorted(r["id"] for r in seen) and len(seen) == 3
    assert all(set(r) == {"id", "events", "entities", "claims"} for r in seen)

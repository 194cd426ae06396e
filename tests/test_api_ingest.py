"""The ingest of the web process: input checks, the server's near-duplicate index, reading only its articles."""
from __future__ import annotations

import pytest

from conftest_web import ARTICLE_A
from rasid.api.ingest import IngestOutcome, IngestText, NearDuplicateCache, read_articles, text_article, upload_article
from rasid.doc import ArticleMeta, Document
from rasid.engine.local import RunReport
from rasid.errors import InputError
from rasid.store import open_store

REPORT = ("أعلنت قيادة العمليات المشتركة مقتل أربعة مسلحين في اشتباك مع قوة أمنية قرب قرية على طريق "
          "كركوك بغداد صباح الثلاثاء، فيما أصيب جنديان بجروح طفيفة نقلا على إثرها إلى مستشفى المدينة.")


def stored_doc(raw: str, source: str) -> Document:
    doc = Document.from_text(raw, ArticleMeta(source=source))
    doc.text = raw
    return doc


@pytest.mark.parametrize("added, read, created, changed", [
    (1, 1, True, True), (0, 1, False, True), (0, 0, False, False), (1, 0, True, True),
])
def test_outcome_created_and_changed(added, read, created, changed):
    outcome = IngestOutcome(["art-1"], {"added": added, "read": read})
    assert (outcome.created, outcome.changed) == (created, changed)
    assert outcome.to_dict()["resolution"] is None


def test_near_duplicate_cache_catches_up_with_articles_stored_by_others(tmp_path):
    store = open_store(str(tmp_path / "n.db"))
    cache = NearDuplicateCache()
    cache.catch_up(store)                                       # empty store: nothing to index
    first = store.add_article(stored_doc(REPORT, "a.txt")).article_id
    cache.catch_up(store)                                       # the article another process stored
    repeat = Document.from_text(REPORT + " وتابعت أن التحقيقات جارية.", ArticleMeta(source="b.txt"))
    repeat.meta.id = "art-repeat"
    cache.cleaner()(repeat)
    assert repeat.meta.near_duplicate_of == first
    other = Document.from_text("اعتقلت الشرطة في مدينة الموصل ثلاثة أشخاص بتهمة تهريب أسلحة إلى خارج المحافظة "
                               "بعد مداهمة مخزن في حي صناعي شرق المدينة.", ArticleMeta(source="c.txt"))
    other.meta.id = "art-other"
    cache.cleaner()(other)
    assert other.meta.near_duplicate_of is None
    store.close()


def test_read_articles_reads_only_the_given_unread_articles(tmp_path):
    store = open_store(str(tmp_path / "r.db"))
    mine = store.add_article(stored_doc(REPORT, "mine.txt")).article_id
    theirs = store.add_article(stored_doc(ARTICLE_A, "theirs.txt")).article_id
    report = RunReport()
    read_articles(store, [mine, "art-absent"], report)
    assert report.read == 1 and not report.read_failed
    assert store.article(mine).reading is not None and store.article(theirs).reading is None
    read_articles(store, [mine], report)                        # already read: not read again
    assert report.read == 1
    store.close()


@pytest.mark.parametrize("body, words", [
    (IngestText(text="  "), "no text"),
    (IngestText(text="نص", published="yesterday"), "ISO date"),
])
def test_text_article_refuses_bad_bodies(body, words):
    with pytest.raises(InputError, match=words):
        text_article(body)


@pytest.mark.parametrize("name, data, words", [
    ("x.exe", b"MZ", ".txt or .html"), ("a.txt", b"  \n", "empty file"),
])
def test_upload_article_refuses_bad_files(name, data, words):
    with pytest.raises(InputError, match=words):
        upload_article(name, data)


def test_upload_keeps_only_the_base_name(tmp_path):
    article = upload_article("..\\..\\dir/report.txt", REPORT.encode("utf-8"))
    assert article.meta.source == "report.txt"


"""The Dask engine on a real 2-worker LocalCluster: same database as the local engine, resumable."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from rasid.doc import ArticleMeta
from rasid.engine import dask_engine
from rasid.engine.dask_engine import ArticleTask, chunks, new_task, process_article
from rasid.engine.local import run_corpus as local_run
from rasid.store import open_store

ARTICLES = {
    "raqqa.txt": "مقتل ثلاثة مدنيين في قصف على ريف الرقة\n"
                 "قتل ثلاثة مدنيين وأصيب خمسة آخرون يوم الثلاثاء في قصف مدفعي استهدف قرية في ريف الرقة الشرقي، "
                 "بحسب ما أفاد مصدر محلي.",
    "kabul.txt": "انفجار في كابل\n"
                 "أعلنت الشرطة الأفغانية أن سبعة أشخاص على الأقل قتلوا في انفجار سيارة مفخخة قرب مبنى حكومي "
                 "في العاصمة كابل صباح الأحد.",
    "mosul.txt": "اعتقال خلية في الموصل\n"
                 "اعتقلت القوات الأمنية العراقية أربعة مشتبه بهم بالانتماء إلى تنظيم داعش في الجانب الأيمن "
                 "من مدينة الموصل، وفق بيان لقيادة العمليات المشتركة.",
    "sport.txt": "فوز الفريق في المباراة\nفاز الفريق المحلي بثلاثة أهداف مقابل هدف في مباراة الأمس.",
    "sanaa.txt": "غارات على صنعاء\n"
                 "شنت طائرات التحالف عشر غارات على مواقع في صنعاء ليل الجمعة، ما أسفر عن مقتل شخصين "
                 "وإصابة ستة بجروح.",
    "raqqa_copy.txt": None,      # the same text as raqqa.txt: stored once
    "empty.txt": "   \n",       # an input failure
}


def write_inputs(folder) -> list[str]:
    paths = []
    for name, text in ARTICLES.items():
        path = folder / name
        path.write_text(text if text is not None else ARTICLES["raqqa.txt"], encoding="utf-8")
        paths.append(str(path))
    return paths


@pytest.fixture(scope="module")
def client():
    with dask_engine.dask_client(workers=2) as made:
        yield made


@pytest.fixture(scope="module")
def local_export(tmp_path_factory):
    folder = tmp_path_factory.mktemp("local")
    with open_store(str(folder / "local.db")) as store:
        report = local_run(write_inputs(folder), store, progress=False)
        return report, normalized(store.export(), folder)


def normalized(export: dict, folder) -> dict:
    """The export with the input folder (which differs between runs) taken out of sources."""
    return json.loads(json.dumps(export, ensure_ascii=False).replace(str(folder) + "/", ""))


def dask_run(client, paths, db, **options):
    with open_store(str(db)) as store:
        report = dask_engine.run_corpus(paths, store, client=client, progress=False, **options)
        return report, normalized(store.export(), db.parent), store.stats()


def test_same_database_as_the_local_engine(client, local_export, tmp_path):
    local_report, expected = local_export
    report, export, stats = dask_run(client, write_inputs(tmp_path), tmp_path / "dask.db")
    assert expected["events"] and expected["entities"]          # the comparison is about real readings
    assert export == expected
    assert (report.added, report.skipped_duplicates, report.read) == (5, 1, 5)
    assert (report.added, report.read, report.events) == (local_report.added, local_report.read, local_report.events)
    assert [f.source.rsplit("/", 1)[-1] for f in report.failed] == ["empty.txt"]
    assert stats.read == stats.articles == 5 and report.resolved


def test_small_window_and_chunks_give_the_same_database(client, local_export, tmp_path):
    _, expected = local_export
    _, export, _ = dask_run(client, write_inputs(tmp_path), tmp_path / "dask.db", chunk=1, window=1)
    assert export == expected


class Crash(BaseException):
    """Stands for the process being killed (not an Exception: nothing may catch it)."""


def test_resume_after_a_crash_processes_each_article_once(client, local_export, tmp_path, monkeypatch):
    _, expected = local_export
    paths, db = write_inputs(tmp_path), tmp_path / "dask.db"
    stored = []

    def crash_on_third(self, doc, reading=None):
        if len(stored) == 2:
            raise Crash("killed while storing the third article")
        stored.append(doc.meta.id)
        return original(self, doc, reading)
    from rasid.store.sqlite import SqliteStore
    original = SqliteStore.add_article
    monkeypatch.setattr(SqliteStore, "add_article", crash_on_third)
    with pytest.raises(Crash):
        dask_run(client, paths, db, chunk=2)      # one commit per chunk: the first chunk is in
    monkeypatch.undo()
    with open_store(str(db)) as store:
        assert store.stats().articles == 2 and store.stats().read == 2
    report, export, stats = dask_run(client, paths, db)
    assert export == expected
    assert report.added == 3 and report.read == 3                     # only the three not stored before
    assert report.skipped_duplicates == 3                             # the two stored + the copy
    assert stats.articles == 5 and stats.read == 5
    again, export_again, _ = dask_run(client, paths, db)
    assert (again.added, again.read, again.resolved) == (0, 0, False) and export_again == expected


def test_articles_stored_unread_are_read_on_workers(client, local_export, tmp_path):
    _, expected = local_export
    paths, db = write_inputs(tmp_path), tmp_path / "dask.db"
    with open_store(str(db)) as store:
        local_run(paths, store, read=False, progress=False)
        assert store.stats().read == 0
    report, export, stats = dask_run(client, [], db)
    assert (report.added, report.read) == (0, 5) and stats.read == 5
    assert export == expected


def test_workers_build_the_pipeline_once_per_process(client, tmp_path):
    dask_run(client, write_inputs(tmp_path), tmp_path / "dask.db")
    first = client.run(lambda: id(dask_engine.worker_pipeline()))
    second = client.run(lambda: id(dask_engine.worker_pipeline()))
    assert len(first) == 2 and first == second


@pytest.mark.parametrize("count,size,expected", [
    (0, 4, []), (3, 4, [3]), (4, 4, [4]), (9, 4, [4, 4, 1]), (5, 1, [1, 1, 1, 1, 1]),
])
def test_chunks(count, size, expected):
    tasks = [ArticleTask(f"a{i}", "نص", {}) for i in range(count)]
    parts = list(chunks(tasks, size))
    assert [len(p) for p in parts] == expected
    assert [t for p in parts for t in p] == tasks


def test_task_ids_match_the_store_and_read_errors_stay_per_article(monkeypatch):
    from rasid import reading

    task = new_task("قتل جندي في هجوم على حاجز.", ArticleMeta(source="a.txt"))
    assert task.article_id.startswith("art-") and task.meta["source"] == "a.txt" and "id" not in task.meta

    def broken(doc):
        raise ValueError("bad span")
    monkeypatch.setattr(reading, "read_document", broken)
    outcome = process_article(task)
    assert outcome.text and outcome.reading is None and "ValueError: bad span" in outcome.read_error


def test_a_chunk_is_read_together_and_one_failure_stays_with_its_article(monkeypatch):
    from rasid import reading

    texts = ["قتل جندي في هجوم على حاجز.", "انفجار سيارة مفخخة في سوق.", "أصيب ثلاثة مدنيين في قصف على قرية."]
    tasks = [new_task(text, ArticleMeta(source=f"{i}.txt")) for i, text in enumerate(texts)]
    real = reading.read_document

    def broken_for_the_market(doc):
        if "سوق" in doc.text:
            raise ValueError("bad span")
        return real(doc)
    monkeypatch.setattr(reading, "read_document", broken_for_the_market)
    outcomes = dask_engine.process_chunk(tasks)
    assert [o.article_id for o in outcomes] == [t.article_id for t in tasks]
    assert outcomes[1].reading is None and "ValueError: bad span" in outcomes[1].read_error
    assert all(o.reading is not None and o.read_error is None and o.tokens > 0 for o in (outcomes[0], outcomes[2]))
    assert all(o.text for o in outcomes)


def test_cli_refuses_dask_options_without_dask(tmp_path):
    result = subprocess.run([sys.executable, "-m", "rasid.cli.main", "run", "--db", str(tmp_path / "x.db"),
                             "--workers", "2"], capture_output=True, text=True)
    assert result.returncode == 2 and "--engine dask" in result.stderr


@pytest.mark.slow
def test_cli_killed_with_sigkill_then_resumed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(40):
        (folder / f"a{i}.txt").write_text(f"خبر رقم {i}\nقتل {i + 2} أشخاص في هجوم على قرية رقم {i} شرق البلاد.",
                                          encoding="utf-8")
    db = tmp_path / "k.db"
    command = [sys.executable, "-m", "rasid.cli.main", "run", str(folder), "--db", str(db),
               "--engine", "dask", "--workers", "2"]
    proc = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        stored_before = wait_for_articles(db, 5, timeout=120)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    with open_store(str(db)) as store:
        stats = store.stats()
        assert stats.articles == 40 and stats.read == 40 and stored_before >= 5
        assert len({a["id"] for a in store.articles()}) == 40


def wait_for_articles(db, count: int, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if db.exists():
            try:
                with sqlite3.connect(str(db)) as conn:
                    stored = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
                if stored >= count:
                    return stored
            except sqlite3.OperationalError:
                pass
        time.sleep(0.2)
    raise AssertionError(f"fewer than {count} articles stored after {timeout} s")


def test_worker_reads_the_document_it_cleaned_without_cleaning_again(monkeypatch):
    from rasid.clean import stage as clean_stage
    from rasid.engine import local

    calls = []
    real = local.default_clean

    def counting_clean(doc):
        calls.append(doc.raw)
        real(doc)
    monkeypatch.setattr(local, "default_clean", counting_clean)
    monkeypatch.setattr(clean_stage, "clean_document", counting_clean)     # the pipeline's clean stage
    outcome = process_article(new_task("قتل جندي في هجوم على حاجز.", ArticleMeta(source="a.txt")))
    assert outcome.reading is not None and len(calls) == 1


def test_local_workers_start_without_dasks_malloc_trim_threshold():
    with dask_engine.dask_client(None, 1) as client:
        found = client.run(lambda: os.environ.get("MALLOC_TRIM_THRESHOLD_"))
    assert list(found.values()) == [None]

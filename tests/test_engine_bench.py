"""`rasid bench extract|run` on a tiny corpus written by the test (no shared data)."""
from __future__ import annotations

import argparse
import gzip
import json

import pytest

from rasid.engine import benchrun
from rasid.engine.benchrun import (Measurement, extract_chunk, machine_info, prepare_corpus,
                                   prepared_tasks)
from rasid.errors import UsageError

ROWS = [
    {"id": "1", "text": "قتل جنديان في هجوم على حاجز للجيش شمال المدينة يوم الاثنين.", "title": "هجوم على حاجز",
     "url": "https://example.org/1", "source": "وكالة", "time": "Sun, 18 Feb 2018 21:35:43 +0400"},
    {"id": "2", "text": "اعتقلت الشرطة ثلاثة مشتبه بهم في العاصمة.", "title": "اعتقالات", "url": None,
     "source": "صحيفة", "time": None},
    {"id": "3", "text": "قتل جنديان في هجوم على حاجز للجيش شمال المدينة يوم الاثنين.", "title": "نسخة",
     "url": None, "source": "وكالة", "time": None},                           # exact duplicate text of row 1
    {"id": "4", "text": "افتتح معرض للكتاب في المدينة بحضور عدد من الكتاب.", "title": "ثقافة", "url": None,
     "source": "صحيفة", "time": "not a date"},
]


@pytest.fixture()
def corpus(tmp_path):
    path = tmp_path / "news.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for row in ROWS:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


@pytest.mark.parametrize("limit,articles,dropped", [(None, 3, 1), (2, 2, 0), (3, 3, 1), (1, 1, 0)])
def test_prepare_corpus_removes_exact_duplicates_before_the_limit(corpus, tmp_path, limit, articles, dropped):
    prepared = prepare_corpus(corpus, limit, tmp_path / "out.jsonl")
    lines = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (prepared.articles, prepared.duplicates_removed, len(lines)) == (articles, dropped, articles)
    assert len({line["text"] for line in lines}) == articles
    assert prepared.words == sum(len(line["text"].split()) for line in lines)


def test_prepared_rows_become_tasks_with_contract_metadata(corpus, tmp_path):
    prepared = prepare_corpus(corpus, None, tmp_path / "out.jsonl")
    first = next(prepared_tasks(prepared))
    assert first.meta["outlet"] == "وكالة" and first.meta["external_id"] == "1"
    assert first.meta["published"].startswith("2018-02-18T21:35:43")
    assert first.raw == ROWS[0]["text"]
    assert [t.meta["published"] for t in prepared_tasks(prepared)][1:] == [None, None]   # none; not a date


def test_extract_chunk_counts_tokens_and_events(corpus, tmp_path):
    prepared = prepare_corpus(corpus, None, tmp_path / "out.jsonl")
    counts = extract_chunk(list(prepared_tasks(prepared)))
    assert len(counts) == 3 and all(c.tokens > 5 for c in counts)
    assert counts[0].events >= 1 and counts[2].events == 0        # an attack; a book fair is no event


def test_one_core_extract_reports_the_seconds_of_each_stage(corpus, tmp_path):
    from rasid.engine.benchrun import bench_extract_one_core

    result = bench_extract_one_core(prepare_corpus(corpus, None, tmp_path / "out.jsonl"))
    stages = result.notes["stage_seconds"]
    assert {"clean", "segment", "entities", "events"} <= set(stages) and all(v >= 0 for v in stages.values())
    assert "stages clean" in result.summary()


def test_measurement_summary_and_machine():
    m = Measurement("extract", "dask", 2, 10, 200, 250, 2.0, 5.0, 100.0, 125.0, 80.0, [90.0, 91.0])
    assert "dask, 2 worker(s)" in m.summary() and "workers 90/91 MB" in m.summary()
    info = machine_info()
    assert info.cpus >= 1 and info.ram_gb > 0 and info.cpu_model


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    benchrun.register_extract_run(parser.add_subparsers())
    return parser.parse_args(argv)


def test_bench_run_local_writes_json(corpus, tmp_path, capsys):
    out = tmp_path / "r" / "bench.json"
    args = parse(["run", "--corpus", str(corpus), "--workers", "0", "--json", str(out)])
    assert args.func(args) == 0
    assert "run [local, 0 worker(s)]: 3 articles" in capsys.readouterr().out
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["articles"] == 3 and record["duplicates_removed"] == 1
    (result,) = record["results"]
    assert result["notes"]["read"] == 3 and result["driver_peak_rss_mb"] > 0
    assert 0 < result["driver_cpu_seconds"] and result["worker_cpu_seconds"] == [] and result["chunk"] == 0
    assert set(record["machine"]) == {"cpus", "cpu_model", "ram_gb", "python", "system"} and "command" in record


@pytest.mark.parametrize("argv", [["extract", "--corpus", "/nonexistent.jsonl"],
                                  ["run", "--corpus", "CORPUS", "--workers", "-1"],
                                  ["run", "--corpus", "CORPUS", "--workers", "1", "--chunk", "0"]])
def test_bench_usage_errors(corpus, argv):
    args = parse([str(corpus) if a == "CORPUS" else a for a in argv])
    with pytest.raises(UsageError):
        args.func(args)


@pytest.mark.slow
def test_bench_extract_on_one_dask_worker(corpus, tmp_path, capsys):
    prepared = prepare_corpus(corpus, None, tmp_path / "out.jsonl")
    result = benchrun.bench_extract_dask(prepared, 1)
    assert result.articles == 3 and result.workers == 1 and len(result.worker_peak_rss_mb) == 1
    assert result.tokens == sum(c.tokens for c in extract_chunk(list(prepared_tasks(prepared))))
    assert len(result.worker_cpu_seconds) == 1 and result.worker_cpu_seconds[0] > 0


def test_summary_shows_driver_and_worker_cpu():
    m = Measurement("run", "dask", 2, 10, 200, 250, 2.0, 5.0, 100.0, 125.0, 80.0, [90.0, 91.0],
                    driver_cpu_seconds=1.5, worker_cpu_seconds=[3.0, 2.5], chunk=16)
    assert "CPU s driver 1.5, workers 3.0/2.5" in m.summary()


def test_process_cpu_seconds_grows_with_work():
    from rasid.engine.dask_engine import process_cpu_seconds

    before = process_cpu_seconds()
    sum(i * i for i in range(300_000))
    assert process_cpu_seconds() > before


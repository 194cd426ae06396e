"""`rasid bench serve` (rasid.engine.loadbench): the statistics it reports, and a small real run.

The real run (marked slow) seeds a database from generated Arabic articles, starts `rasid serve`,
ingests in parallel over POST and through a `rasid ingest` process, and fires 10 readers for 5 s:
it must see zero errors and no "database is locked".
"""
from __future__ import annotations

import json
import random

import pytest

from rasid.cli.main import main
from rasid.engine.loadbench import LOCKED, LoadOptions, Sample, Targets, build_result, classify, failed, percentile, request_for

PLACES = ["الموصل", "كركوك", "درعا", "سرت", "مأرب", "بنغازي", "الرمادي", "حلب", "العريش", "مقديشو"]
EVENTS = ["قتل {n} جنود في هجوم بسيارة مفخخة على حاجز للجيش في {place} أمس، وفق بيان لوزارة الدفاع.",
          "اعتقلت الشرطة {n} أشخاص يشتبه بانتمائهم إلى خلية مسلحة في {place}، بحسب مصدر أمني.",
          "أسفرت اشتباكات بين الجيش ومسلحين في ريف {place} عن مقتل {n} مسلحين، حسب مصادر محلية."]


@pytest.mark.parametrize("values,share,expected", [
    ([], 0.5, 0.0), ([7.0], 0.99, 7.0), ([1.0, 2.0, 3.0, 4.0], 0.5, 2.0),
    ([float(v) for v in range(1, 101)], 0.95, 95.0), ([float(v) for v in range(1, 101)], 0.99, 99.0),
    ([5.0, 1.0, 3.0], 0.5, 3.0),
])
def test_percentile_nearest_rank(values, share, expected):
    assert percentile(values, share) == expected


@pytest.mark.parametrize("status,body,is_error", [
    (200, "{}", False), (404, "no event", False), (500, "boom", True), (503, "", True),
    (200, f"sqlite3.OperationalError: {LOCKED}", True), (422, "bad", True), (301, "", True),
])
def test_classify(status, body, is_error):
    assert (classify("events", status, body) is not None) is is_error


def test_request_for_every_kind_is_a_loopback_path():
    targets = Targets(["ev-1", "ev-2"], ["كلمة"])
    rnd = random.Random(1)
    for kind in ("events", "event", "search", "articles", "page_events", "page_event", "page_search", "page_timeline"):
        path, params = request_for(kind, targets, rnd)
        assert path.startswith("/") and "://" not in path


def test_result_counts_locked_in_server_log_as_failure():
    reads = [Sample("events", 0.01, 200), Sample("event", 0.02, 404), Sample("search", 0.5, 500, "search: HTTP 500")]
    result = build_result(LoadOptions(readers=3, seconds=1), reads, [Sample("ingest", 1.0, 201)], 1.0, 5, 2,
                          f"Traceback ...\nsqlite3.OperationalError: {LOCKED}\n", 0, "added 1")
    assert (result.requests, result.errors, result.stale_ids, result.locked) == (3, 1, 1, 1)
    assert failed(result) and "server log" in result.error_examples[-1]
    clean = build_result(LoadOptions(readers=1, seconds=1), reads[:2], [], 1.0, 5, 2, "", 0, "added 1")
    assert not failed(clean) and clean.p99_ms == 20.0


@pytest.mark.slow
def test_small_load_run_has_no_errors(tmp_path, capsys):
    rnd = random.Random(5)
    rows = [{"id": str(i), "text": EVENTS[i % 3].format(n=rnd.randint(2, 40), place=PLACES[i % 10]) + f" الخبر {i}.",
             "title": f"{PLACES[i % 10]} عاجل {i}", "published": f"2024-0{1 + i % 9}-1{i % 10}"} for i in range(90)]
    corpus = tmp_path / "rows.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "load.json"
    code = main(["bench", "serve", "--readers", "10", "--seconds", "5", "--corpus", str(corpus),
                 "--seed-articles", "40", "--ingest-articles", "20", "--cli-ingest-articles", "30", "--json", str(out)])
    report = json.loads(out.read_text(encoding="utf-8"))
    assert code == 0, capsys.readouterr().out
    assert report["requests"] > 0 and report["errors"] == 0 and report["locked"] == 0
    assert report["ingest_posts"] >= 1 and report["ingest_errors"] == 0 and report["cli_ingest_exit"] == 0

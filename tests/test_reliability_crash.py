"""Crash safety: `rasid run` killed with SIGKILL at random moments, then re-run to completion,
must export exactly what an uninterrupted run exports (and the database is never corrupt).

The corpus is ~40 generated Arabic articles in four JSON Lines files; some events are reported
twice (different outlet, different toll) so the resolution has something to merge. The kill
delays come from a fixed random seed, spread over start-up, ingest, reading and resolution.
"""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

RASID = [sys.executable, "-m", "rasid"]
PLACES = ["الموصل", "كركوك", "درعا", "سرت", "مأرب", "بنغازي", "الرمادي", "حلب", "العريش", "مقديشو"]
OUTLETS = ["وكالة الأنباء", "قناة الأخبار", "صحيفة اليوم", "موقع الحدث"]
DAYS = ["الخميس", "أمس", "الجمعة الماضي", "صباح اليوم"]
TEMPLATES = [
    "قتل {n} جنود وأصيب {m} آخرون في هجوم بسيارة مفخخة استهدف حاجزا للجيش في {place} {day}، "
    "وفق ما أعلنته وزارة الدفاع في بيان.",
    "اعتقلت قوات الأمن {n} أشخاص يشتبه في انتمائهم إلى خلية إرهابية في {place} {day}، بحسب بيان لوزارة الداخلية.",
    "اندلعت اشتباكات عنيفة بين الجيش ومسلحين في ريف {place} {day} أسفرت عن مقتل {n} مسلحين وإصابة {m} جنود، "
    "حسب مصادر محلية.",
    "أعلن تنظيم الدولة الإسلامية مسؤوليته عن تفجير انتحاري في {place} {day} أودى بحياة ما لا يقل عن {n} مدنيين.",
]
ARTICLES = 40
REPORTED_TWICE = 8          # the last 8 articles retell earlier events from another outlet


def corpus_rows(seed: int) -> list[dict[str, str]]:
    rnd = random.Random(seed)
    rows = []
    for i in range(ARTICLES):
        event = i if i < ARTICLES - REPORTED_TWICE else i - (ARTICLES - REPORTED_TWICE)
        template = TEMPLATES[event % len(TEMPLATES)]
        body = template.format(n=rnd.randint(2, 60), m=rnd.randint(1, 30), day=DAYS[event % len(DAYS)],
                               place=PLACES[(event // len(TEMPLATES)) % len(PLACES)])
        body += f"\nوأضاف المصدر أن التحقيقات جارية لمعرفة ملابسات الحادث، في التقرير رقم {i}."
        rows.append({"id": f"r{i}", "text": body, "outlet": OUTLETS[i % len(OUTLETS)],
                     "published": f"2024-0{1 + event % 9}-1{event % 10}"})
    return rows


def write_corpus(folder: Path, seed: int) -> Path:
    folder.mkdir()
    rows = corpus_rows(seed)
    for part in range(4):
        lines = [json.dumps(r, ensure_ascii=False) for r in rows[part::4]]
        (folder / f"part{part}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def rasid(*argv: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*RASID, *argv], capture_output=True, text=True, timeout=timeout)


def export(db: Path) -> dict:
    done = rasid("export", "--db", str(db), "--format", "json", "--out", "-")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def killed_run(corpus: Path, db: Path, delay: float) -> int | None:
    """Start `rasid run`, SIGKILL it after ``delay`` s; its exit code if it finished first, else None."""
    process = subprocess.Popen([*RASID, "run", str(corpus), "--db", str(db)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.01)
    if process.poll() is not None:
        return process.returncode
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    return None


def db_health(db: Path) -> tuple[str, int, int]:
    """(integrity check, articles, read articles) of a database another process may have left."""
    if not db.exists():
        return "ok", 0, 0
    conn = sqlite3.connect(db)
    try:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles'").fetchone():
            return check, 0, 0           # killed before the first migration committed
        articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        read = conn.execute("SELECT COUNT(*) FROM articles WHERE reading IS NOT NULL").fetchone()[0]
        return check, articles, read
    finally:
        conn.close()


def uninterrupted_export(corpus: Path, db: Path) -> dict:
    done = rasid("run", str(corpus), "--db", str(db))
    assert done.returncode == 0, done.stderr
    return export(db)


def run_with_kills(corpus: Path, db: Path, delays: list[float]) -> list[int | None]:
    outcomes, last_read = [], 0
    for delay in delays:
        outcomes.append(killed_run(corpus, db, delay))
        check, articles, read = db_health(db)
        assert check == "ok"
        assert articles in (0, ARTICLES)          # the ingest batch commits whole or not at all
        assert last_read <= read <= articles       # readings are never lost by a later kill
        last_read = read
    final = rasid("run", str(corpus), "--db", str(db))
    assert final.returncode == 0, final.stderr
    return outcomes


KILL_WINDOW = 0.6   # kills land in the first 60% of an uninterrupted run's time: a loaded machine's
                    # timing varies, and a kill after the run ended tests nothing


def kill_delays(seed: int, kills: int, longest: float) -> list[float]:
    rnd = random.Random(seed)
    return sorted(round(rnd.uniform(0.2, longest), 3) for _ in range(kills))


def calibrated_run_seconds(corpus: Path, db: Path) -> float:
    started = time.monotonic()
    uninterrupted_export(corpus, db)
    return time.monotonic() - started


def crash_and_compare(tmp_path: Path, seed: int, kills: int, rerun: bool = False) -> list[int | None]:
    corpus = write_corpus(tmp_path / "corpus", seed=seed)
    reference_db = tmp_path / "reference.db"
    seconds = calibrated_run_seconds(corpus, reference_db)
    reference = export(reference_db)
    assert len(reference["articles"]) == ARTICLES and reference["events"]
    assert "ingested_at" not in json.dumps(reference) and "read_at" not in json.dumps(reference)
    outcomes = run_with_kills(corpus, tmp_path / "killed.db", kill_delays(seed, kills, seconds * KILL_WINDOW))
    assert export(tmp_path / "killed.db") == reference
    if rerun:
        again = rasid("run", str(corpus), "--db", str(tmp_path / "killed.db"))
        assert "added 0," in again.stdout and export(tmp_path / "killed.db") == reference
    return outcomes


def test_sigkill_at_random_points_then_rerun_exports_the_same(tmp_path):
    outcomes = crash_and_compare(tmp_path, seed=20240322, kills=3)
    assert None in outcomes          # at least one kill really interrupted a run


@pytest.mark.slow
def test_many_sigkills_then_rerun_exports_the_same(tmp_path):
    outcomes = crash_and_compare(tmp_path, seed=7, kills=16, rerun=True)
    assert outcomes.count(None) >= 8

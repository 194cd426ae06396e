"""Hostile, broken and huge inputs, end to end through `rasid ingest` (the real readers and store).

Every bad input must end in a one-line error that names it (``path`` or ``path:line N``) or be
read correctly; the other inputs of the same run are still stored; the exit code is 3 when
anything failed; and the database stays consistent: one article per distinct content, one
full-text row per article, and a second run over the same inputs adds nothing.
"""
from __future__ import annotations

import codecs
import json
import os
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from rasid.cli.main import main
from rasid.store import open_store

INPUT_FAILED = 3
PLACES = ["الموصل", "كركوك", "درعا", "سرت", "مأرب", "بنغازي", "الرمادي", "حلب"]
COUNTS = ["ثلاثة", "خمسة", "سبعة", "عشرة", "12", "٢٥", "أربعين", "مئة"]
PASSWD_MARKER = "root:"


def article_text(n: int) -> str:
    """A short, distinct Arabic news paragraph (number ``n`` picks place and toll)."""
    place, count = PLACES[n % len(PLACES)], COUNTS[(n // len(PLACES)) % len(COUNTS)]
    return (f"قتل {count} أشخاص وأصيب آخرون في هجوم مسلح استهدف نقطة أمنية في {place} "
            f"فجر الخميس، بحسب ما أفاد مصدر أمني طلب عدم ذكر اسمه. الخبر رقم {n}.\n"
            f"وقال المصدر إن قوات الأمن طوقت المنطقة وبدأت عمليات تفتيش بحثا عن المهاجمين.")


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str

    def failure_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


@dataclass(frozen=True)
class DbState:
    articles: int
    fts_rows: int
    distinct_hashes: int
    texts: tuple[str, ...]


def ingest(capsys: pytest.CaptureFixture[str], db: Path, *paths: Path | str) -> Outcome:
    capsys.readouterr()
    code = main(["ingest", *map(str, paths), "--db", str(db)])
    captured = capsys.readouterr()
    return Outcome(code, captured.out, captured.err)


def db_state(db: Path) -> DbState:
    conn = sqlite3.connect(db)
    try:
        count = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        texts = tuple(r[0] for r in conn.execute("SELECT raw FROM articles ORDER BY seq"))
        return DbState(count("SELECT COUNT(*) FROM articles"), count("SELECT COUNT(*) FROM article_fts"),
                       count("SELECT COUNT(DISTINCT content_hash) FROM articles"), texts)
    finally:
        conn.close()


def assert_consistent(db: Path, expected_articles: int) -> DbState:
    state = db_state(db)
    assert state.articles == expected_articles
    assert state.fts_rows == state.articles == state.distinct_hashes
    return state


def assert_rerun_adds_nothing(capsys: pytest.CaptureFixture[str], db: Path, *paths: Path | str) -> Outcome:
    before = db_state(db)
    again = ingest(capsys, db, *paths)
    assert db_state(db) == before
    assert "added 0," in again.out
    return again


def write_good(folder: Path, n: int) -> Path:
    path = folder / f"good-{n}.txt"
    path.write_text(article_text(n), encoding="utf-8")
    return path


# -- bad files: each named, the good file of the same run still stored ---------------------------
BAD_FILES = [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\t\n ", "empty"),
    ("random.txt", bytes(range(256)) * 40, "binary"),
    ("nul.txt", article_text(90).encode("utf-8") + b"\x00\x00" + b"tail", "binary"),
    ("latin.txt", "d\xe9j\xe0 vu, na\xefve caf\xe9 cr\xe8me br\xfbl\xe9e".encode("latin-1"), "cannot decode"),
    ("broken-utf8.txt", article_text(91).encode("utf-8")[:-1] + b"\xff\xfe\xc3(", "invalid UTF-8 at byte"),
    ("broken-utf8.html", ("<html><body><p>" + article_text(93)).encode("utf-8") + b"\x81\xd9</p>", "invalid UTF-8"),
    ("controls.txt", ("\x01\x02\x03\x04" * 50 + "نص").encode("utf-8"), "binary"),
    ("bad-bom16.txt", codecs.BOM_UTF16_LE + b"\x00\xd8", "cannot decode"),
    ("page.html", b"<html><head><title>x</title></head><body></body></html>", "no main text"),
    ("deep.html", ("<html><body>" + "<div>" * 10_000 + "<p>" + article_text(92) + "</p>"
                   + "</div>" * 10_000 + "</body></html>").encode("utf-8"), "no main text"),
    ("garbage.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 30, "binary"),
    ("not-a-feed.xml", b"<?xml version='1.0'?><catalog><book>x</book></catalog>", "not a readable"),
    ("truncated.rss", b"<?xml version='1.0'?><rss><channel><item><title>x", "entry 1: feed entry has no"),
    ("empty.jsonl", b"\n\n", "empty"),
    ("no-header.csv", b"name,body\nx,y\n", "header lacks"),
]


@pytest.mark.parametrize("name,data,reason", BAD_FILES, ids=[case[0] for case in BAD_FILES])
def test_bad_file_is_named_and_the_run_goes_on(tmp_path, capsys, name, data, reason):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / name).write_bytes(data)
    write_good(inputs, 1)
    db = tmp_path / "r.db"
    outcome = ingest(capsys, db, inputs)
    assert outcome.code == INPUT_FAILED
    failures = outcome.failure_lines()
    assert len(failures) == 1
    assert failures[0].startswith(str(inputs / name) + ":") and reason in failures[0]
    assert "Traceback" not in outcome.err
    assert_consistent(db, 1)
    assert_rerun_adds_nothing(capsys, db, inputs)


# -- encodings that must be READ, not refused ----------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "cp1256"])
def test_arabic_in_every_supported_encoding_is_read_exactly(tmp_path, capsys, encoding):
    text = article_text(7) + "\r\nسطر ثالث فيه همزة: مسؤول، وألف مقصورة: مستشفى، وتاء مربوطة: مدينة."
    data = {"utf-16-le-bom": codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
            "utf-16-be-bom": codecs.BOM_UTF16_BE + text.encode("utf-16-be")}.get(encoding)
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(data if data is not None else text.encode(encoding))
    db = tmp_path / "r.db"
    outcome = ingest(capsys, db, path)
    assert outcome.code == 0, outcome.err
    assert assert_consistent(db, 1).texts == (text,)


def test_cp1256_html_and_csv_are_read(tmp_path, capsys):
    body = article_text(11)
    page = f"<html><head><title>عنوان الخبر</title></head><body><article><p>{body}</p></article></body></html>"
    (tmp_path / "page.html").write_bytes(page.encode("cp1256"))
    (tmp_path / "rows.csv").write_bytes(f'id,text\n1,"{article_text(12)}"\n'.encode("cp1256"))
    db = tmp_path / "r.db"
    outcome = ingest(capsys, db, tmp_path / "page.html", tmp_path / "rows.csv")
    assert outcome.code == 0, outcome.err
    texts = assert_consistent(db, 2).texts
    assert body.splitlines()[0] in texts[0] and texts[1] == article_text(12)


# -- records: good lines kept, each bad line named file:line N ------------------------------------
def test_jsonl_broken_lines_named_and_good_lines_stored(tmp_path, capsys):
    lines = [
        json.dumps({"id": "a", "text": article_text(20)}, ensure_ascii=False),
        '{"id": "b", "text": "غير مكتمل',
        "[1, 2, 3]",
        json.dumps({"id": "c"}),
        json.dumps({"id": "d", "text": article_text(21), "published": "الأمس"}, ensure_ascii=False),
        "",
        json.dumps({"id": {"x": 1}, "text": article_text(22)}, ensure_ascii=False),
        json.dumps({"id": 5, "text": article_text(23), "published": "2024-03-22"}, ensure_ascii=False),
        "\x00\x01 not json",
    ]
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "r.db"
    outcome = ingest(capsys, db, path)
    assert outcome.code == INPUT_FAILED
    named = sorted(int(line.split(":line ")[1].split(":")[0]) for line in outcome.failure_lines())
    assert named == [2, 3, 4, 5, 7, 9]
    assert assert_consistent(db, 2).texts == (article_text(20), article_text(23))
    with open_store(str(db)) as store:
        assert [a["external_id"] for a in store.articles()] == ["a", "5"]
    assert_rerun_adds_nothing(capsys, db, path)


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_one_damaged_line_fails_alone_and_is_never_mojibake(tmp_path, capsys, suffix):
    """A UTF-8 file with invalid bytes in one line: that line is named, every other line is read as UTF-8."""
    def row(n: int) -> bytes:
        text = article_text(n).replace("\n", " ")
        line = json.dumps({"id": str(n), "text": text}, ensure_ascii=False) if suffix == ".jsonl" else f'{n},"{text}"'
        return (line + "\n").encode("utf-8")
    header = b"id,text\n" if suffix == ".csv" else b""
    damaged = row(31).replace("هجوم".encode("utf-8"), b"\xd9\xff\xfe")
    path = tmp_path / f"rows{suffix}"
    path.write_bytes(header + row(30) + damaged + row(32) + row(33))
    db = tmp_path / "r.db"
    outcome = ingest(capsys, db, path)
    assert outcome.code == INPUT_FAILED
    line = 3 if header else 2
    assert outcome.failure_lines() == [f"{path}:line {line}: cannot decode this line (invalid bytes for the "
                                       "file's encoding): repair it or convert the file to UTF-8"]
    texts = assert_consistent(db, 3).texts
    assert texts == tuple(article_text(n).replace("\n", " ") for n in (30, 32, 33))


def test_csv_with_wrong_columns(tmp_path, capsys):
    rows = [
        "id,text,outlet",
        f'1,"{article_text(40)}",وكالة',
        "2,نص بلا عمود ثالث",
        f'3,"{article_text(41)}",وكالة,عمود زائد',
        f'4,"{article_text(42)}",',
        ',"بلا معرف",x',
    ]
    path = tmp_path / "rows.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    db = tmp_path / "r.db"
    outcome = ingest(capsys, db, path)
    assert outcome.code == INPUT_FAILED
    # physical line numbers: every article text spans two lines inside its quotes
    assert [line.split(": ")[0] for line in outcome.failure_lines()] == [
        f"{path}:line 4", f"{path}:line 5", f"{path}:line 9"]
    assert assert_consistent(db, 2).texts == (article_text(40), article_text(42))
    assert_rerun_adds_nothing(capsys, db, path)


# -- XML: entity expansion and external entities are never processed ------------------------------
LAUGHS = ('<!ENTITY a "ههههههههههههههههه"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
          '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
          '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
          '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">')
XXE = '<!ENTITY x SYSTEM "file:///etc/passwd">'


def rss(doctype: str, body: str) -> str:
    return (f'<?xml version="1.0"?>{doctype}<rss version="2.0"><channel><title>وكالة</title>'
            f"<item><title>عنوان</title><description>{body}</description></item></channel></rss>")


def atom(doctype: str, body: str) -> str:
    return (f'<?xml version="1.0"?>{doctype}<feed xmlns="http://www.w3.org/2005/Atom"><title>وكالة</title>'
            f"<entry><title>عنوان</title><content>{body}</content></entry></feed>")


HOSTILE_XML = [
    ("laughs.xml", rss(f"<!DOCTYPE rss [{LAUGHS}]>", article_text(50) + " &h;")),
    ("xxe.rss", rss(f"<!DOCTYPE rss [{XXE}]>", article_text(51) + " &x;")),
    ("xxe.atom", atom(f"<!DOCTYPE feed [{XXE}]>", article_text(52) + " &x;")),
    ("param.rss", rss('<!DOCTYPE rss [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>', article_text(53))),
    ("xxe-in-cdata.rss", rss("", f'<![CDATA[<!DOCTYPE p [{XXE}]><p>{article_text(54)} &x;</p>]]>')),
]


@pytest.mark.parametrize("name,xml", HOSTILE_XML, ids=[case[0] for case in HOSTILE_XML])
def test_entity_declarations_in_feeds_are_refused(tmp_path, capsys, name, xml):
    path = tmp_path / name
    path.write_text(xml, encoding="utf-8")
    db = tmp_path / "r.db"
    started = time.monotonic()
    outcome = ingest(capsys, db, path, write_good(tmp_path, 2))
    assert time.monotonic() - started < 5
    assert outcome.code == INPUT_FAILED
    assert outcome.failure_lines() == [f"{path}: refused: the XML declares entities (DTD); "
                                       "entity expansion is never allowed"]
    assert assert_consistent(db, 1).texts == (article_text(2),)


@pytest.mark.parametrize("suffix", [".html", ".rss", ".xml"])
def test_external_dtd_and_entities_never_read_local_files(tmp_path, capsys, suffix):
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(XXE, encoding="utf-8")
    doctype = f'<!DOCTYPE rss SYSTEM "{dtd.as_uri()}">'
    page = (rss(doctype, article_text(60) + " &x;") if suffix != ".html" else
            f'<!DOCTYPE html SYSTEM "{dtd.as_uri()}"><html><body><article><p>{article_text(60)} &x;</p>'
            "</article></body></html>")
    path = tmp_path / f"page{suffix}"
    path.write_text(page, encoding="utf-8")
    db = tmp_path / "r.db"
    ingest(capsys, db, path)
    state = db_state(db)
    assert state.articles <= 1
    assert not any(PASSWD_MARKER in text for text in state.texts)


# -- the file system fights back -----------------------------------------------------------------
def test_symlink_loops(tmp_path, capsys):
    inputs = tmp_path / "in"
    (inputs / "sub").mkdir(parents=True)
    write_good(inputs / "sub", 3)
    (inputs / "sub" / "back").symlink_to(inputs, target_is_directory=True)
    (inputs / "self.txt").symlink_to(inputs / "self.txt")
    db = tmp_path / "r.db"
    outcome = ingest(capsys, db, inputs)
    assert outcome.code == INPUT_FAILED
    reasons = dict(line.split(": ", 1) for line in outcome.failure_lines())
    assert "symlink loop" in reasons[str(inputs / "self.txt")]
    assert "symlink loop" in reasons[str(inputs / "sub" / "back")]
    assert_consistent(db, 1)
    assert_rerun_adds_nothing(capsys, db, inputs)


def test_file_that_vanishes_between_listing_and_reading(tmp_path, capsys, monkeypatch):
    import rasid.ingest.reader as reader

    inputs = tmp_path / "in"
    inputs.mkdir()
    doomed = write_good(inputs, 4)
    write_good(inputs, 5)
    original = reader.iter_inputs

    def racing_inputs(paths):
        for ref in original(paths):
            if getattr(ref, "location", "") == str(doomed):
                doomed.unlink()
            yield ref

    monkeypatch.setattr(reader, "iter_inputs", racing_inputs)
    db = tmp_path / "r.db"
    outcome = ingest(capsys, db, inputs)
    assert outcome.code == INPUT_FAILED
    assert outcome.failure_lines() == [f"{doomed}: does not exist (or is a broken link): check the path"]
    assert assert_consistent(db, 1).texts == (article_text(5),)


def test_unlistable_folder_is_named(tmp_path, capsys, monkeypatch):
    import rasid.ingest.walk as walk

    inputs = tmp_path / "in"
    (inputs / "locked").mkdir(parents=True)
    write_good(inputs / "locked", 6)
    write_good(inputs, 7)
    locked, real_listdir = str(inputs / "locked"), os.listdir

    def listdir(path):
        if str(path) == locked:
            raise PermissionError(13, "Permission denied", path)
        return real_listdir(path)

    monkeypatch.setattr(walk.os, "listdir", listdir)
    db = tmp_path / "r.db"
    outcome = ingest(capsys, db, inputs)
    assert outcome.code == INPUT_FAILED
    assert outcome.failure_lines() == [f"{locked}: permission denied: make it readable for this user"]
    assert_consistent(db, 1)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads folders whatever their mode")
def test_folder_without_read_permission(tmp_path, capsys):
    locked = tmp_path / "in" / "locked"
    locked.mkdir(parents=True)
    write_good(locked, 8)
    write_good(tmp_path / "in", 9)
    locked.chmod(0)
    try:
        outcome = ingest(capsys, tmp_path / "r.db", tmp_path / "in")
    finally:
        locked.chmod(0o755)
    assert outcome.code == INPUT_FAILED
    assert outcome.failure_lines() == [f"{locked}: permission denied: make it readable for this user"]


def test_missing_paths_and_unsupported_types_are_named(tmp_path, capsys):
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    db = tmp_path / "r.db"
    outcome = ingest(capsys, db, tmp_path / "nowhere.txt", tmp_path / "photo.jpg", write_good(tmp_path, 10))
    assert outcome.code == INPUT_FAILED
    assert [line.split(": ")[0] for line in outcome.failure_lines()] == [
        str(tmp_path / "nowhere.txt"), str(tmp_path / "photo.jpg")]
    assert_consistent(db, 1)


# -- duplicates and re-runs ---------------------------------------------------------------------
def test_same_article_through_every_door_is_stored_once(tmp_path, capsys):
    text = article_text(70)
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "c.txt").write_bytes(text.encode("cp1256"))
    (tmp_path / "rows.jsonl").write_text(json.dumps({"id": "1", "text": text}, ensure_ascii=False) + "\n",
                                         encoding="utf-8")
    db = tmp_path / "r.db"
    outcome = ingest(capsys, db, tmp_path)
    assert outcome.code == 0
    assert "added 1, duplicates 3," in outcome.out
    assert_consistent(db, 1)
    assert_rerun_adds_nothing(capsys, db, tmp_path)


def test_corrupt_database_file_is_a_clear_error(tmp_path, capsys):
    db = tmp_path / "r.db"
    db.write_bytes(b"this is not sqlite " * 100)
    outcome = ingest(capsys, db, write_good(tmp_path, 11))
    assert outcome.code == 5
    assert outcome.err.startswith(f"rasid: error: {db}: ") and "Traceback" not in outcome.err


# -- huge inputs: refused quickly within a bounded memory ------------------------------------------
# VmHWM of this process's own memory map: ru_maxrss would carry the forking pytest's peak across exec.
PEAK_RSS_WRAPPER = ("import re, sys\nfrom rasid.cli.main import main\ncode = main(sys.argv[1:])\n"
                    "hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)\n"
                    "print('peak_rss_kb', hwm, file=sys.stderr)\n"
                    "sys.exit(code)\n")


def run_measured(*argv: str) -> tuple[subprocess.CompletedProcess[str], float, int]:
    """Run rasid in a fresh interpreter; the result, wall seconds and peak RSS in KB."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", PEAK_RSS_WRAPPER, *argv], capture_output=True, text=True,
                          timeout=120)
    seconds = time.monotonic() - started
    peak = int(done.stderr.rsplit("peak_rss_kb", 1)[1].split()[0])
    return done, seconds, peak


def write_huge(path: Path, megabytes: int, line: str) -> None:
    block = (line + "\n").encode("utf-8") * 2000
    with path.open("wb") as handle:
        for _ in range(megabytes * 1_000_000 // len(block) + 1):
            handle.write(block)


def test_70_megabyte_text_is_refused_in_bounded_time_and_memory(tmp_path):
    huge = tmp_path / "huge.txt"
    write_huge(huge, 70, article_text(80))
    good = write_good(tmp_path, 81)
    done, seconds, peak_kb = run_measured("ingest", str(huge), str(good), "--db", str(tmp_path / "r.db"))
    assert done.returncode == INPUT_FAILED, done.stderr
    assert f"{huge}: file is larger than the size cap of 50000000 bytes" in done.stderr
    assert seconds < 20
    assert peak_kb < 300_000
    assert_consistent(tmp_path / "r.db", 1)


def test_70_megabyte_single_jsonl_line_is_refused_and_next_line_read(tmp_path):
    path = tmp_path / "rows.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"id": "huge", "text": "')
        block = article_text(82).replace("\n", " ") * 1000
        for _ in range(70_000_000 // len(block.encode("utf-8")) + 1):
            handle.write(block)
        handle.write('"}\n' + json.dumps({"id": "next", "text": article_text(83)}, ensure_ascii=False) + "\n")
    done, seconds, peak_kb = run_measured("ingest", str(path), "--db", str(tmp_path / "r.db"))
    assert done.returncode == INPUT_FAILED, done.stderr
    assert f"{path}:line 1: line is longer than the size cap of 50000000 bytes" in done.stderr
    assert seconds < 60
    assert peak_kb < 1_000_000
    assert assert_consistent(tmp_path / "r.db", 1).texts == (article_text(83),)

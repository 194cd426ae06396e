"""The corpus commands end to end: ingest, run, search, articles, export (through rasid.cli.main.main).

Reading and resolving are replaced by small fakes (their own modules have their own tests); the
tests marked ``real_ingest`` use the real readers and cleaner on files written here.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import rasid.engine.local as local
from rasid.cli.main import main
from rasid.doc import ArticleMeta, Document


class FileArticle:
    def __init__(self, raw: str, source: str) -> None:
        self.raw, self.meta, self.html = raw, ArticleMeta(source=source), None


class FileFailure:
    def __init__(self, source: str, reason: str) -> None:
        self.source, self.reason = source, reason


def txt_articles(paths, *, allow_private=False):
    """Stand-in reader: each path is a UTF-8 .txt article; a missing or empty file is a failure."""
    for path in paths:
        p = Path(path)
        if not p.is_file() or not p.read_text(encoding="utf-8").strip():
            yield FileFailure(path, "no such file or no text: check the path")
            continue
        yield FileArticle(p.read_text(encoding="utf-8"), p.name)


def plain_clean(doc: Document) -> None:
    doc.text = doc.raw.strip()
    doc.meta.title = doc.text.split("\n")[0]
    doc.meta.genre = "news"


def one_event_reader(doc: Document) -> dict:
    event = {"id": doc.meta.id + "-0", "type": "attack",
             "date": {"value": "2024-03-02", "granularity": "day", "earliest": "2024-03-02", "latest": "2024-03-02"},
             "location": {"name": "مدينة", "country": "IQ"},
             "actors": [{"name": "جماعة مسلحة", "role": "perpetrator"}],
             "killed": {"low": 3, "best": 3, "high": 3, "basis": "one source"},
             "mentions": [{"article": doc.meta.id, "sentence": doc.text[:30],
                           "killed": {"value": 3, "qualifier": "exact", "text": "ثلاثة"}}], "discrepancies": []}
    return {"id": doc.meta.id, "events": [event], "entities": []}


def merge_resolver(articles, readings):
    """One event per mention; the figure comes from the mention (resolvers get slim readings)."""
    events = [dict(e, id="ev-" + e["id"][4:], killed=_figure(e["mentions"][0]["killed"]))
              for r in readings for e in r["events"]]
    return {"events": events, "entities": [], "profiles": [], "discrepancies": []}


def _figure(quantity: dict) -> dict:
    return {"low": quantity["value"], "best": quantity["value"], "high": quantity["value"], "basis": "one source"}


@pytest.fixture()
def fake_steps(monkeypatch):
    monkeypatch.setattr(local, "default_articles", txt_articles)
    monkeypatch.setattr(local, "default_clean", plain_clean)
    monkeypatch.setattr(local, "default_reader", one_event_reader)
    monkeypatch.setattr(local, "default_resolver", merge_resolver)


@pytest.fixture()
def corpus_files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("انفجار في بغداد\nقتل ثلاثة أشخاص في انفجار عبوة ناسفة وسط بغداد.", encoding="utf-8")
    (folder / "b.txt").write_text("اشتباكات في درعا\nاندلعت اشتباكات عنيفة لدرعا صباح الجمعة.", encoding="utf-8")
    (folder / "empty.txt").write_text("  \n", encoding="utf-8")
    return folder


def test_ingest_summary_failures_and_exit_code(fake_steps, corpus_files, tmp_path, capsys):
    db = str(tmp_path / "db" / "r.db")
    files = [str(corpus_files / n) for n in ("a.txt", "b.txt", "empty.txt")]
    assert main(["ingest", *files, "--db", db]) == 3
    out, err = capsys.readouterr()
    assert "added 2, duplicates 0, near-duplicates 0, failed 1" in out
    assert f"{corpus_files / 'empty.txt'}: no such file" in err
    assert main(["ingest", files[0], "--db", db]) == 0
    assert "added 0, duplicates 1" in capsys.readouterr().out


def test_run_search_articles_export(fake_steps, corpus_files, tmp_path, capsys):
    db = str(tmp_path / "r.db")
    paths = [str(corpus_files / "a.txt"), str(corpus_files / "b.txt")]
    assert main(["run", *paths, "--db", db]) == 0
    assert "articles 2 (added 2" in capsys.readouterr().out
    assert main(["search", "درعا", "--db", db, "--format", "json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert [h["title"] for h in hits] == ["اشتباكات في درعا"] and "لدرعا" in hits[0]["snippet"]
    assert main(["search", "دمشق", "--db", db]) == 0
    assert "no article matches" in capsys.readouterr().out
    assert main(["articles", "--db", db, "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2
    assert main(["articles", "--db", db]) == 0
    assert capsys.readouterr().out.count("\n") == 2


def test_export_formats_and_idempotent_rerun(fake_steps, corpus_files, tmp_path, capsys):
    db = str(tmp_path / "r.db")
    paths = [str(corpus_files / "a.txt"), str(corpus_files / "b.txt")]
    main(["run", *paths, "--db", db])
    out_json = tmp_path / "out" / "corpus.json"
    assert main(["export", "--db", db, "--format", "json", "--out", str(out_json)]) == 0
    first = out_json.read_bytes()
    main(["run", *paths, "--db", db])
    assert "added 0, duplicates 2" in capsys.readouterr().out
    main(["export", "--db", db, "--format", "json", "--out", str(out_json)])
    assert out_json.read_bytes() == first
    data = json.loads(first)
    assert data["schema"] == "rasid.export/1" and len(data["events"]) == 2
    assert main(["export", "--db", db, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["killed_best"] for r in rows] == ["3", "3"] and rows[0]["perpetrators"] == "جماعة مسلحة"
    assert main(["export", "--db", db, "--format", "jsonl", "--out", "-"]) == 0
    kinds = [json.loads(x)["kind"] for x in capsys.readouterr().out.splitlines()]
    assert kinds == ["schema", "article", "article", "event", "event"]


def test_read_commands_refuse_missing_database(tmp_path, capsys):
    assert main(["export", "--db", str(tmp_path / "missing.db")]) == 5
    assert "rasid ingest" in capsys.readouterr().err


def test_help_has_examples(capsys):
    for command in ("ingest", "run", "search", "articles", "export"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "examples:" in capsys.readouterr().out


def _real_ingest_available() -> bool:
    import importlib
    try:
        ingest, clean = importlib.import_module("rasid.ingest"), importlib.import_module("rasid.clean")
    except ImportError:
        return False
    return hasattr(ingest, "iter_articles") and hasattr(clean, "clean_document")


real_ingest = pytest.mark.skipif(not _real_ingest_available(), reason="rasid.ingest/rasid.clean not built yet")


@real_ingest
def test_real_ingest_of_txt_and_jsonl(tmp_path, capsys):
    (tmp_path / "one.txt").write_text("قتل جنديان في هجوم مسلح على حاجز أمني قرب الموصل مساء أمس.\n",
                                      encoding="utf-8")
    rows = [{"id": "r1", "text": "أعلنت الشرطة اعتقال خمسة مشتبه بهم في كركوك.", "published": "2024-01-02"},
            {"id": "r2", "text": "أعلنت الشرطة اعتقال خمسة مشتبه بهم في كركوك.", "published": "2024-01-02"}]
    (tmp_path / "rows.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
                                         encoding="utf-8")
    db = str(tmp_path / "r.db")
    assert main(["ingest", str(tmp_path / "one.txt"), str(tmp_path / "rows.jsonl"), "--db", db]) == 0
    assert "added 2, duplicates 1" in capsys.readouterr().out
    main(["export", "--db", db, "--format", "json", "--out", str(tmp_path / "e.json")])
    articles = json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))["articles"]
    assert sorted(a["external_id"] or "" for a in articles) == ["", "r1"]
    for query in ("الموصل", "موصل", "كركوك"):
        assert main(["search", query, "--db", db, "--format", "json"]) == 0
        assert len(json.loads(capsys.readouterr().out)) == 1

"""`rasid extract`: input order, bad lines, stdin/stdout, --text. The reader is replaced by a
small fake so the command is tested on its own; the full pipeline is covered elsewhere
(`test_reading.py`: ``extract_many`` equals ``extract`` one text at a time)."""
from __future__ import annotations

import io
import json

import pytest

import rasid.reading
from rasid.cli.main import main
from rasid.reading import Reading


def fake_extract(text, published=None, id=None, url=None, outlet=None, title=None):
    if text == "boom":
        raise RuntimeError("stage bug")
    return Reading(id=id, events=[{"type": "attack", "published": published}], entities=[])


def fake_extract_many(items):
    out = []
    for item in items:
        try:
            out.append(fake_extract(**item))
        except Exception as exc:
            out.append(exc)
    return out


@pytest.fixture(autouse=True)
def _fake_reader(monkeypatch):
    import rasid.cli.extract

    monkeypatch.setattr(rasid.reading, "extract_many", fake_extract_many)
    monkeypatch.setattr(rasid.cli.extract, "_prepare_reading", lambda: None)


def run_lines(tmp_path, lines: list[str]) -> list[dict]:
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["extract", "--jsonl", str(src), "--out", str(out)]) == 0
    return [json.loads(ln) for ln in out.read_text(encoding="utf-8").splitlines()]


def test_many_lines_are_read_in_parts_in_input_order(tmp_path):
    lines = [json.dumps({"id": i, "text": "boom" if i == 20 else "نص"}) for i in range(40)]
    out = run_lines(tmp_path, lines + ["", "{bad"])
    assert [o["id"] for o in out] == list(range(40)) + [None]
    assert "internal error" in out[20]["error"] and all("error" not in o for o in out[:20] + out[21:40])


def test_ids_echoed_in_input_order(tmp_path):
    lines = [json.dumps({"id": i, "text": "نص"}) for i in (3, "b", 1)]
    assert [o["id"] for o in run_lines(tmp_path, lines)] == [3, "b", 1]


@pytest.mark.parametrize("line,doc_id,reason", [
    ("{not json", None, "not JSON"),
    ("[1, 2]", None, "not a JSON object"),
    ('{"text": "نص"}', None, "missing id"),
    ('{"id": "x"}', "x", "missing text"),
    ('{"id": "x", "text": 5}', "x", "text is not a string"),
    ('{"id": "x", "text": "boom"}', "x", "internal error"),
])
def test_bad_line_gets_error_and_run_goes_on(tmp_path, line, doc_id, reason):
    out = run_lines(tmp_path, [line, json.dumps({"id": "ok", "text": "نص"})])
    assert out[0]["id"] == doc_id and out[0]["events"] == [] and out[0]["entities"] == []
    assert reason in out[0]["error"]
    assert out[1]["id"] == "ok" and "error" not in out[1]


def test_published_passed_to_reader(tmp_path):
    out = run_lines(tmp_path, [json.dumps({"id": 1, "text": "نص", "published": "2024-03-23"})])
    assert out[0]["events"][0]["published"] == "2024-03-23"


def test_stdin_to_stdout(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps({"id": "s", "text": "هجوم"}, ensure_ascii=False) + "\n"))
    assert main(["extract", "--jsonl", "-", "--out", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "s"


def test_output_is_utf8_not_escaped(tmp_path):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text(json.dumps({"id": "عربي", "text": "نص"}, ensure_ascii=False) + "\n", encoding="utf-8")
    main(["extract", "--jsonl", str(src), "--out", str(out)])
    assert '"عربي"' in out.read_text(encoding="utf-8")


def test_invalid_utf8_line(tmp_path):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_bytes(b'{"id": "a", "text": "\xff\xfe"}\n' + json.dumps({"id": "b", "text": "x"}).encode() + b"\n")
    main(["extract", "--jsonl", str(src), "--out", str(out)])
    rows = [json.loads(ln) for ln in out.read_text(encoding="utf-8").splitlines()]
    assert "UTF-8" in rows[0]["error"] and rows[1]["id"] == "b"


def test_text_option(capsys):
    assert main(["extract", "--text", "قتل 3 في هجوم", "--published", "2024-01-01"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["id"] == "text" and obj["events"][0]["published"] == "2024-01-01"


def test_missing_input_file_is_a_usage_error(tmp_path, capsys):
    assert main(["extract", "--jsonl", str(tmp_path / "nope.jsonl")]) == 2
    assert "cannot read" in capsys.readouterr().err

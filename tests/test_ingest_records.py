"""JSON Lines and CSV records: required fields, dates, bad lines and rows named by line."""
import gzip
import json

import pytest

from rasid.errors import InputError
from rasid.ingest.records import Record, iso_date, iter_csv, iter_jsonl, record_from

TEXT = "أعلنت الشرطة اعتقال ثلاثة مشتبه بهم في التخطيط لهجوم على مركز تجاري"


@pytest.mark.parametrize("fields,problem", [
    ({"text": TEXT}, "'id'"),
    ({"id": "", "text": TEXT}, "'id'"),
    ({"id": True, "text": TEXT}, "'id'"),
    ({"id": [1], "text": TEXT}, "'id'"),
    ({"id": "a"}, "'text'"),
    ({"id": "a", "text": "   "}, "'text'"),
    ({"id": "a", "text": 5}, "'text'"),
    ({"id": "a", "text": TEXT, "url": 3}, "'url' must be a string"),
    ({"id": "a", "text": TEXT, "published": "yesterday"}, "not an ISO date"),
    ({"id": "a", "text": TEXT, "published": "2024-13-40"}, "not an ISO date"),
])
def test_bad_records(fields, problem):
    with pytest.raises(InputError, match=problem) as info:
        record_from(fields, "in.jsonl:line 4")
    assert info.value.source == "in.jsonl:line 4"


def test_good_record_keeps_fields():
    record = record_from({"id": 17, "text": TEXT, "published": " 2024-03-22 ", "url": "https://x.test/a",
                          "outlet": "وكالة الأنباء", "title": "اعتقال خلية", "extra": [1]}, "w")
    assert record == Record(source="w", external_id="17", text=TEXT, published="2024-03-22",
                            url="https://x.test/a", outlet="وكالة الأنباء", title="اعتقال خلية", author=None)


@pytest.mark.parametrize("value,expected", [
    ("2024-03-22", "2024-03-22"),
    ("2024-03-22T10:15:00", "2024-03-22T10:15:00"),
    ("2024-03-22T10:15:00Z", "2024-03-22T10:15:00Z"),
    ("2024-03-22 10:15:00+03:00", "2024-03-22 10:15:00+03:00"),
    ("Sun, 18 Feb 2018 21:35:43 +0400", "2018-02-18T21:35:43+04:00"),
])
def test_iso_date(value, expected):
    assert iso_date(value, "w") == expected


def _lines(path, lines, encoding="utf-8"):
    path.write_bytes("\n".join(lines).encode(encoding))
    return str(path)


def test_jsonl_good_and_broken_lines(tmp_path):
    path = _lines(tmp_path / "in.jsonl", [
        json.dumps({"id": "a1", "text": TEXT}, ensure_ascii=False),
        "",
        '{"id": "a2", "text": "نص مقطوع',                 # truncated line
        "[1, 2]",                                         # not an object
        '"just a string"',
        json.dumps({"id": "a3"}),                          # lacks text
        json.dumps({"id": "a4", "text": TEXT, "published": "2024-01-05"}),
        "\x00\x01garbage",
    ])
    items = list(iter_jsonl(path, 10_000))
    assert [i.external_id for i in items if isinstance(i, Record)] == ["a1", "a4"]
    failures = {i.source: i.message for i in items if isinstance(i, InputError)}
    assert set(failures) == {f"{path}:line {n}" for n in (3, 4, 5, 6, 8)}
    assert "not valid JSON" in failures[f"{path}:line 3"]
    assert "list" in failures[f"{path}:line 4"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1256"])
def test_jsonl_encodings(tmp_path, encoding):
    line = json.dumps({"id": "a", "text": TEXT, "title": "عنوان الخبر العاجل اليوم"}, ensure_ascii=False)
    path = _lines(tmp_path / "in.jsonl", [line, line.replace('"a"', '"b"')], encoding)
    items = list(iter_jsonl(path, 10_000))
    assert [i.text for i in items] == [TEXT, TEXT]


def test_jsonl_gzip_and_line_cap(tmp_path):
    path = tmp_path / "in.jsonl.gz"
    long_line = json.dumps({"id": "long", "text": "كلمة " * 5000}, ensure_ascii=False)
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(long_line + "\n" + json.dumps({"id": "ok", "text": TEXT}) + "\n")
    items = list(iter_jsonl(str(path), 1000))
    assert isinstance(items[0], InputError) and "size cap" in items[0].message
    assert items[0].source.endswith(":line 1")
    assert items[1].external_id == "ok"


def test_jsonl_empty_file_raises(tmp_path):
    with pytest.raises(InputError, match="empty"):
        list(iter_jsonl(_lines(tmp_path / "e.jsonl", [""]), 100))


def test_csv_rows(tmp_path):
    path = _lines(tmp_path / "in.csv", [
        "ID,Text,published,outlet",
        f'1,"{TEXT}",2024-03-01,وكالة',
        f'2,"{TEXT}",,',
        "3,too,many,fields,here",
        "4,short",
        f'5,"سطر أول\nسطر ثان",2024-03-02,',                  # quoted newline
        ',"بلا معرف",,',
        "",
        f'7,"{TEXT}",not-a-date,',
    ])
    items = list(iter_csv(path, 10_000))
    records = [i for i in items if isinstance(i, Record)]
    assert [r.external_id for r in records] == ["1", "2", "5"]
    assert records[0].published == "2024-03-01" and records[0].outlet == "وكالة"
    assert records[1].published is None and records[2].text == "سطر أول\nسطر ثان"
    failures = {i.source.rsplit(":", 1)[1]: i.message for i in items if isinstance(i, InputError)}
    assert set(failures) == {"line 4", "line 5", "line 8", "line 10"}
    assert "5 fields but the header has 4" in failures["line 4"]


@pytest.mark.parametrize("header", ["name,body", "", "id,title"])
def test_csv_header_must_name_id_and_text(tmp_path, header):
    path = _lines(tmp_path / "in.csv", [header, "1,x"])
    with pytest.raises(InputError):
        list(iter_csv(path, 1000))


def test_csv_cp1256(tmp_path):
    path = _lines(tmp_path / "in.csv", ["id,text", f'1,"{TEXT}"'], "cp1256")
    assert [r.text for r in iter_csv(path, 1000)] == [TEXT]

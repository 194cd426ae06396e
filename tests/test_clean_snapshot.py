"""The development snapshot of clean_document output: distinct texts, stride, limit, record fields."""
import gzip
import json

import pytest

from rasid.clean.snapshot import cleaned_record, corpus_texts, main
from rasid.errors import UsageError

PAGE = "الوطن نيوز\nمقتل ثلاثة في انفجار بالعاصمة\nقتل ثلاثة أشخاص في انفجار سيارة مفخخة وسط العاصمة صباح اليوم.\nاقرأ أيضا: أخبار أخرى"


def write_corpus(path, texts):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as handle:
        for text in texts:
            handle.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")


@pytest.mark.parametrize("limit,stride,expected", [
    (10, 1, ["أ", "ب", "ج", "د"]), (0, 1, ["أ", "ب", "ج", "د"]), (2, 1, ["أ", "ب"]), (10, 2, ["أ", "ج"]), (10, 3, ["أ", "د"]),
])
def test_distinct_texts_by_stride_and_limit(tmp_path, limit, stride, expected):
    path = tmp_path / "c.jsonl.gz"
    write_corpus(path, ["أ", "ب", "أ", "", "ج", "د", "ب"])
    assert list(corpus_texts(path, limit, stride)) == expected


def test_record_holds_text_removals_and_page_facts():
    record = cleaned_record(PAGE)
    assert set(record) == {"text", "removed", "outlet", "title", "published", "published_basis", "genre"}
    assert "اقرأ أيضا" not in record["text"] and record["removed"] and record["genre"] == "news"


def test_main_writes_one_line_per_article(tmp_path):
    corpus, out = tmp_path / "c.jsonl", tmp_path / "out.jsonl"
    write_corpus(corpus, [PAGE, PAGE + "\nسطر آخر من المقال."])
    assert main([str(corpus), str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and json.loads(lines[0]) == cleaned_record(PAGE)


def test_unreadable_corpus_is_a_usage_error(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(UsageError):
        list(corpus_texts(bad, 10, 1))

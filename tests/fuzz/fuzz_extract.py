"""Atheris (libFuzzer) target for ``rasid.extract``: any bytes in, never an exception out.

Run:  .venv/bin/python tests/fuzz/fuzz_extract.py -atheris_runs=2000
      .venv/bin/python tests/fuzz/fuzz_extract.py corpus_dir/ -max_total_time=600

Each input is split by the fuzzer into an optional publication date and a text: either raw bytes
decoded as UTF-8 with replacement (every byte string is a valid input) or a text assembled from
Arabic news fragments, markup and odd characters chosen by the fuzzer (to reach deep code paths). Besides "no exception", the
target checks the CONTRACT promises that must hold for any text: the output is JSON-serialisable,
entity and mention offsets point into the input text, quantities are non-negative and carry a
known qualifier. A violated promise raises AssertionError, which libFuzzer reports as a crash
and saves as ``crash-<hash>`` for replay.
"""
from __future__ import annotations

import json
import sys

import atheris

from rasid.reading import extract

QUALIFIERS = frozenset({"exact", "at_least", "more_than", "about", "nearly", "at_most", "less_than", "vague"})
QUANTITY_FIELDS = ("killed", "injured", "arrested", "kidnapped")
# Pieces the fuzzer assembles into articles, so that it reaches deep code paths quickly.
FRAGMENTS = (
    "قتل", "مقتل", "أصيب", "إصابة", "اعتقل", "اشتباكات", "هجوم", "تفجير انتحاري", "سيارة مفخخة", "اختطف",
    "ما لا يقل عن", "أكثر من", "نحو", "عشرات", "خمسة", "ثلاثة عشر", "مئة", "آلاف", "12", "١٣٣", "۴۰", "1,200",
    "شخصا", "جنديا", "مدنيين", "عناصر", "في", "بغداد", "الموصل", "كابول", "دمشق", "سيناء", "ولاية خراسان",
    "تنظيم الدولة الإسلامية", "حركة الشباب", "طالبان", "الجيش", "الشرطة", "وزارة الداخلية", "بحسب", "وفق",
    "وقال", "أعلن", "مسؤوليته عن", "أمس", "الجمعة الماضي", "22 مارس 2024", "٣ آذار", "العام الجاري", "منذ",
    "لم", "لا", "قد", "هدد", "سيستهدف", "&amp;", "&nbsp;", "<p>", "</p>", "<br>", "\u064b", "\u0651", "\u0640",
    "\u200f", "\ufeff", "ﻻ", "\r\n", "\n\n", "،", ".", "؟", " ", " ", " ",
)


FRAGMENT_LIST = list(FRAGMENTS)


def published_from(fdp: atheris.FuzzedDataProvider) -> str | None:
    choice = fdp.ConsumeIntInRange(0, 3)
    if choice == 0:
        return None
    if choice == 1:
        return f"{fdp.ConsumeIntInRange(1, 9999):04d}-{fdp.ConsumeIntInRange(1, 12):02d}-{fdp.ConsumeIntInRange(1, 28):02d}"
    return fdp.ConsumeUnicodeNoSurrogates(24)


def check_offsets(text: str, reading: dict) -> None:
    for entity in reading["entities"]:
        assert 0 <= entity["start"] < entity["end"] <= len(text), entity
        assert text[entity["start"]:entity["end"]] == entity["text"], entity
    for event in reading["events"]:
        assert len(event["mentions"]) == 1, event
        mention = event["mentions"][0]
        assert 0 <= mention["start"] <= mention["end"] <= len(text), mention
        assert text[mention["start"]:mention["end"]] == mention["sentence"], mention
        for name in QUANTITY_FIELDS:
            quantity = mention[name]
            if quantity is not None:
                assert quantity["qualifier"] in QUALIFIERS, quantity
                assert quantity["value"] is None or quantity["value"] >= 0, quantity


def text_from(fdp: atheris.FuzzedDataProvider) -> str:
    if fdp.ConsumeBool():
        return fdp.ConsumeBytes(fdp.remaining_bytes()).decode("utf-8", errors="replace")
    pieces = []
    while fdp.remaining_bytes() and len(pieces) < 200:
        pieces.append(fdp.PickValueInList(FRAGMENT_LIST) if fdp.ConsumeIntInRange(0, 7) else fdp.ConsumeUnicode(4))
    return "".join(pieces)


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    published = published_from(fdp)
    text = text_from(fdp)
    reading = extract(text, published=published).to_dict()
    json.dumps(reading, ensure_ascii=False)
    check_offsets(text, reading)


def main() -> None:
    extract("قتل 3 أشخاص في هجوم أمس", published="2024-03-22")   # load every stage and model first ...
    atheris.instrument_all()                                          # ... then instrument what was loaded
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

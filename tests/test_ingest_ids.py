"""Stable content ids: the same text (up to spacing, diacritics, letter variants) gets the same id."""
import re

import pytest

from rasid.ingest.ids import article_id, content_hash, id_from_hash, matching_text

BASE = "قتل خمسة أشخاص في هجوم على حاجز أمني شمال بغداد"


@pytest.mark.parametrize("variant", [
    BASE,
    "  " + BASE.replace(" ", "\n\n  ") + "\t",                 # spacing and line breaks
    "قُتِلَ خمسة أشخاص في هجوم على حاجز أمني شمال بغداد",      # diacritics
    "قتل خمسة اشخاص في هجـــوم على حاجز امني شمال بغداد",      # hamza forms, tatweel
    "\u200f" + BASE + "\u200e",                                 # bidi marks
])
def test_same_article_same_id(variant):
    assert content_hash(variant) == content_hash(BASE)
    assert article_id(variant) == article_id(BASE)


@pytest.mark.parametrize("other", [
    "قتل ستة أشخاص في هجوم على حاجز أمني شمال بغداد",
    "قتل خمسة أشخاص في هجوم على حاجز أمني جنوب بغداد",
    BASE + " وأصيب آخرون",
])
def test_different_text_different_id(other):
    assert article_id(other) != article_id(BASE)


def test_id_shape_and_stability():
    digest = content_hash(BASE)
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert re.fullmatch(r"art-[0-9a-f]{16}", article_id(BASE))
    assert article_id(BASE) == id_from_hash(digest) == "art-" + digest[:16]
    # A fixed value: the id must not change between runs, processes or machines.
    assert content_hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_matching_text_collapses_space():
    assert matching_text(" أ  ب\n\nج ") == "ا ب ج"

"""Name keys for names the knowledge base does not know (rasid.resolve.keys)."""
from __future__ import annotations

import pytest

from rasid.resolve.keys import name_key


@pytest.mark.parametrize("a,b", [
    ("كتائب الفجر", "الفجر"),
    ("وبلدة العين", "بلدة العين"),
    ("جماعة أنصار الحق", "انصار الحق"),
    ("الموصل", "بالموصل"),
    ("تنظيمُ الفجر", "للفجر"),
])
def test_same_key(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize("a,b", [("الفجر", "النصر"), ("بلدة العين", "بلدة الباب")])
def test_different_key(a, b):
    assert name_key(a) != name_key(b)


def test_a_head_alone_is_kept():
    assert name_key("التنظيم") == "تنظيم"

"""Encoding detection: BOMs, strict UTF-8, Windows-1256 only for Arabic-looking text, binary refused."""
import codecs
import random

import pytest

from rasid.errors import InputError
from rasid.ingest.encoding import (
    decode_bytes, looks_like_arabic, read_limited, read_text_file, sniff_encoding,
)

ARABIC = "قتل خمسة أشخاص وأصيب عشرة آخرون في انفجار سيارة مفخخة قرب سوق شعبية في المدينة"


@pytest.mark.parametrize("data,encoding", [
    (ARABIC.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + ARABIC.encode("utf-8"), "utf-8-sig"),
    (ARABIC.encode("utf-16"), "utf-16"),                                   # BOM written by the codec
    (codecs.BOM_UTF16_BE + ARABIC.encode("utf-16-be"), "utf-16"),
    (ARABIC.encode("cp1256"), "cp1256"),
    (("عاجل: " + ARABIC + " - رويترز").encode("cp1256"), "cp1256"),
])
def test_decodes_supported_encodings(data, encoding):
    decoded = decode_bytes(data)
    assert ARABIC in decoded.text
    assert decoded.encoding == encoding
    assert "\ufeff" not in decoded.text


@pytest.mark.parametrize("data,fragment", [
    (b"abc\x00def ghi", "NUL"),                                   # binary
    ("Déjà vu au café, naïve façade".encode("latin-1"), "cannot decode"),  # Latin-1 is not accepted
    (b"\xff\xfe\x00\xd8", "cannot decode"),                      # UTF-16 BOM, lone surrogate
    (b"\x01\x02\x03\x04 text \x05\x06\x07\x08", "binary"),       # control characters
])
def test_refuses_undecodable_or_binary(data, fragment):
    with pytest.raises(InputError, match=fragment):
        decode_bytes(data, "x.txt")


def test_random_bytes_never_pass_as_arabic():
    rng = random.Random(7)
    for _ in range(50):
        data = bytes(rng.randrange(1, 256) for _ in range(400))
        with pytest.raises(InputError):
            decode_bytes(data)


def test_cp1256_html_judged_on_text_between_tags():
    page = "<html><head><meta charset='windows-1256'><title>خبر</title></head><body>" \
           + "".join(f"<div class='paragraph-{i}'><p>{ARABIC}</p></div>" for i in range(3)) + "</body></html>"
    data = page.encode("cp1256")
    assert decode_bytes(data, markup=True).text == page


def test_declared_charset_is_tried_last():
    data = "Prix du pétrole: hausse".encode("iso-8859-15")
    assert decode_bytes(data, declared="iso-8859-15").text == "Prix du pétrole: hausse"
    with pytest.raises(InputError):
        decode_bytes(data, declared="no-such-charset")


@pytest.mark.parametrize("text,expected", [
    (ARABIC, True),
    ("The attack killed five people in the market", False),
    ("قتلخمسةأشخاصوأصيبعشرة", False),          # no spaces: not prose
    ("", False),
])
def test_looks_like_arabic(text, expected):
    assert looks_like_arabic(text) is expected


def test_read_text_file_and_size_cap(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(ARABIC.encode("cp1256"))
    assert read_text_file(path) == ARABIC
    with pytest.raises(InputError, match="size cap"):
        read_limited(path, 10)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    with pytest.raises(InputError, match="empty"):
        read_text_file(empty)


@pytest.mark.parametrize("sample,encoding", [
    (ARABIC.encode("utf-8")[:-1], "utf-8"),      # cut inside the last character
    (codecs.BOM_UTF8 + b'{"id": 1}', "utf-8-sig"),
    ('{"id": 1}'.encode("utf-16"), "utf-16"),
    (ARABIC.encode("cp1256"), "cp1256"),
])
def test_sniff_encoding(sample, encoding):
    assert sniff_encoding(sample) == encoding

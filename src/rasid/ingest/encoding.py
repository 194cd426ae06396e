"""Reading bytes as text: UTF-8 (with or without BOM), UTF-16 (with BOM), Windows-1256.

Detection order: a byte-order mark decides first (UTF-8 BOM, UTF-16 LE/BE); then the bytes are
decoded as strict UTF-8; failing that, as Windows-1256 (legacy Arabic pages and files), but only
when the result *looks like Arabic text* (mostly Arabic letters among the letters, few control
characters, spaces between words). Input holding NUL bytes without a UTF-16 BOM, or whose
decoded text is mostly control characters, is binary and refused. Every refusal is an
:class:`~rasid.errors.InputError` with a one-line reason.
"""
from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass

from rasid.errors import InputError

UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
LEGACY_ARABIC = "cp1256"
# A decoded text is binary-looking when more than this share of its characters are controls.
MAX_CONTROL_SHARE = 0.01
# Windows-1256 is accepted only when this share of the letters is Arabic ...
MIN_ARABIC_LETTER_SHARE = 0.5
# ... and this share of the characters is whitespace (real text has words).
MIN_SPACE_SHARE = 0.04
# Control characters other than tab, line feed, vertical tab, form feed and carriage return.
CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f]")
_TAG = re.compile(r"<[^>]*>")
CANNOT_DECODE = "cannot decode: not UTF-8, UTF-16 or Windows-1256; convert the file to UTF-8"
# Well-formed multi-byte UTF-8 sequences; Windows-1256 Arabic text almost never forms them.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_ASCII_BYTES = bytes(range(128))
# Bytes are damaged UTF-8 (not Windows-1256) when this share of their non-ASCII bytes is well-formed UTF-8.
MIN_UTF8_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Decoded:
    """A decoded text and the encoding it was read with."""

    text: str
    encoding: str


def is_arabic_letter(ch: str) -> bool:
    """True for letters of the Arabic blocks (basic, supplement, presentation forms)."""
    return ch.isalpha() and ("\u0600" <= ch <= "\u08ff" or "\ufb50" <= ch <= "\ufeff")


def control_share(text: str) -> float:
    """Share of characters that are control characters other than line breaks and tabs."""
    if not text:
        return 0.0
    return len(CONTROL_CHARS.findall(text)) / len(text)


def looks_like_arabic(text: str) -> bool:
    """True when ``text`` reads as Arabic prose: Arabic letters, spaces, no control noise."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters or control_share(text) > MAX_CONTROL_SHARE:
        return False
    arabic = sum(1 for ch in letters if is_arabic_letter(ch))
    spaces = sum(1 for ch in text if ch.isspace())
    return arabic / len(letters) >= MIN_ARABIC_LETTER_SHARE and spaces / len(text) >= MIN_SPACE_SHARE


def mostly_utf8(data: bytes) -> bool:
    """True when most non-ASCII bytes form well-formed UTF-8 sequences (UTF-8 with a few bad bytes)."""
    high = len(data.translate(None, _ASCII_BYTES))
    if not high:
        return False
    well_formed = sum(len(seq) for seq in _UTF8_MULTIBYTE.findall(data))
    return well_formed / high >= MIN_UTF8_SHARE


def utf16_bom(data: bytes) -> bool:
    return data.startswith(UTF16_BOMS)


def decode_bytes(data: bytes, source: str | None = None, *, markup: bool = False,
                 declared: str | None = None) -> Decoded:
    """Decode ``data``: BOM, strict UTF-8, Windows-1256 if it looks Arabic, ``declared`` charset.

    ``markup=True`` judges the Arabic look on the text between tags (HTML); ``declared`` is a
    charset named by the server, tried last and strictly.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _checked(_strict(data, "utf-8-sig", source), "utf-8-sig", source)
    if utf16_bom(data):
        return _checked(_strict(data, "utf-16", source), "utf-16", source)
    if b"\x00" in data:
        raise InputError("binary data (NUL bytes): give a text, HTML, JSON Lines, CSV or feed file",
                         source=source)
    try:
        return _checked(data.decode("utf-8"), "utf-8", source)
    except UnicodeDecodeError as exc:
        if mostly_utf8(data):
            raise InputError(f"invalid UTF-8 at byte {exc.start}: the file is damaged; repair it or save it "
                             "again as UTF-8", source=source) from exc
    text = data.decode(LEGACY_ARABIC, errors="replace")
    if "\ufffd" not in text and looks_like_arabic(_TAG.sub(" ", text) if markup else text):
        return Decoded(text, LEGACY_ARABIC)
    if declared and _known_codec(declared):
        return _checked(_strict(data, declared, source), declared, source)
    raise InputError(CANNOT_DECODE, source=source)


def _known_codec(name: str) -> bool:
    try:
        codecs.lookup(name)
        return True
    except LookupError:
        return False


def _strict(data: bytes, encoding: str, source: str | None) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{CANNOT_DECODE} ({encoding} BOM but invalid bytes at {exc.start})",
                         source=source) from exc


def _checked(text: str, encoding: str, source: str | None) -> Decoded:
    if control_share(text) > MAX_CONTROL_SHARE:
        raise InputError("binary data (mostly control characters): give a text file", source=source)
    return Decoded(text, encoding)


def read_limited(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """The bytes of ``path``; InputError when it holds more than ``max_bytes``."""
    with open(path, "rb") as handle:
        if os.fstat(handle.fileno()).st_size > max_bytes:   # refuse before reading a byte
            raise _too_large(path, max_bytes)
        data = handle.read(max_bytes + 1)                    # the file may grow, or be a pipe
    if len(data) > max_bytes:
        raise _too_large(path, max_bytes)
    return data


def _too_large(path: str | os.PathLike[str], max_bytes: int) -> InputError:
    return InputError(f"file is larger than the size cap of {max_bytes} bytes: split it or raise max_bytes",
                      source=str(path))


def read_text_file(path: str | os.PathLike[str], max_bytes: int = 50_000_000) -> str:
    """The text of ``path``, decoded by :func:`decode_bytes`; InputError when empty or unreadable."""
    data = read_limited(path, max_bytes)
    if not data.strip():
        raise InputError("empty file: nothing to read", source=str(path))
    return decode_bytes(data, str(path)).text


def sniff_encoding(sample: bytes, source: str | None = None) -> str:
    """The codec name to stream a file whose first bytes are ``sample`` (for line readers).

    ``sample`` may end in the middle of a character; a UTF-8 error in its last 3 bytes is
    not held against it.
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if utf16_bom(sample):
        return "utf-16"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 3 and exc.reason == "unexpected end of data":
            return "utf-8"
        if mostly_utf8(sample):
            return "utf-8"      # damaged UTF-8: the line reader names the line where decoding stops
    return decode_bytes(sample, source).encoding

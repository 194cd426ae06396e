"""JSON Lines and CSV files: one article per line or row (CONTRACT section 1).

Fields: ``id`` and ``text`` are required; ``published``, ``url``, ``outlet``, ``title`` and
``author`` are optional. ``id`` (a string or an integer) is kept as ``external_id``; a
``published`` value must be an ISO date or datetime (RFC 2822 dates, as in e-mail and feeds, are
converted to ISO) and gets the basis ``caller``. CSV files need a header row naming at least
``id`` and ``text``; extra columns are ignored.

Files are streamed (``.gz`` is decompressed on the fly), so a corpus may be larger than the size
cap; the cap applies to each line or row instead. The encoding is sniffed from the first bytes
(:func:`rasid.ingest.encoding.sniff_encoding`). Every bad line or row yields an
:class:`~rasid.errors.InputError` named ``path:line N`` and the file goes on; a file that
cannot be read at all raises.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import re
import sys
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import IO, Any, Iterator

from rasid.errors import InputError
from rasid.ingest.encoding import sniff_encoding

REQUIRED_FIELDS = ("id", "text")
OPTIONAL_FIELDS = ("published", "url", "outlet", "title", "author")
SNIFF_BYTES = 65536
# Undecodable bytes are kept as lone surrogates (surrogateescape) so that only their line fails.
_UNDECODABLE = re.compile("[\udc80-\udcff]")
UNDECODABLE_LINE = "cannot decode this line (invalid bytes for the file's encoding): repair it or convert the file to UTF-8"


@dataclass(frozen=True, slots=True)
class Record:
    """One validated line or row."""

    source: str            # "path:line N"
    external_id: str
    text: str
    published: str | None
    url: str | None
    outlet: str | None
    title: str | None
    author: str | None


def open_text(path: str) -> IO[str]:
    """``path`` opened as text in its sniffed encoding (gzip-decompressed for ``.gz``)."""
    opener = gzip.open if path.lower().endswith(".gz") else open
    binary = opener(path, "rb")
    try:
        sample = binary.read(SNIFF_BYTES)
        if not sample.strip():
            raise InputError("empty file: nothing to read", source=path)
        encoding = sniff_encoding(sample, path)
        binary.seek(0)
    except BaseException:
        binary.close()
        raise
    return io.TextIOWrapper(binary, encoding=encoding, errors="surrogateescape", newline="")


def iso_date(value: str, where: str) -> str:
    """``value`` if it is an ISO date or datetime, an RFC 2822 date as ISO; InputError otherwise."""
    value = value.strip()
    try:
        datetime.fromisoformat(value)
        return value
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError) as exc:
        raise InputError(f"published {value!r} is not an ISO date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)",
                         source=where) from exc


def record_from(fields: dict[str, Any], where: str) -> Record:
    """A :class:`Record` from a decoded object or row; InputError naming the problem."""
    external_id = _required_id(fields.get("id"), where)
    text = fields.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("'text' is missing, empty or not a string: every record needs the article text",
                         source=where)
    optional = {name: _optional_string(fields, name, where) for name in OPTIONAL_FIELDS}
    if optional["published"] is not None:
        optional["published"] = iso_date(optional["published"], where)
    return Record(source=where, external_id=external_id, text=text, **optional)


def _required_id(value: Any, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).strip():
        raise InputError("'id' is missing, empty or not a string or integer: every record needs an id",
                         source=where)
    return str(value).strip()


def _optional_string(fields: dict[str, Any], name: str, where: str) -> str | None:
    value = fields.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise InputError(f"'{name}' must be a string, got {type(value).__name__}", source=where)
    return value.strip()


def iter_jsonl(path: str, max_bytes: int) -> Iterator[Record | InputError]:
    """Records of a JSON Lines file, an InputError for each bad line."""
    with open_text(path) as stream:
        for number, line in _numbered_lines(stream, path, max_bytes):
            if isinstance(line, InputError):
                yield line
            elif line.strip():
                yield _jsonl_record(line, f"{path}:line {number}")


def _jsonl_record(line: str, where: str) -> Record | InputError:
    try:
        obj = json.loads(line)
    except ValueError as exc:
        return InputError(f"not valid JSON ({exc.args[0] if exc.args else exc}): fix or remove the line",
                          source=where)
    if not isinstance(obj, dict):
        return InputError(f"a JSON {type(obj).__name__} where an object with 'id' and 'text' is expected",
                          source=where)
    try:
        return record_from(obj, where)
    except InputError as exc:
        return exc


def _numbered_lines(stream: IO[str], path: str, max_bytes: int) -> Iterator[tuple[int, str | InputError]]:
    """(line number, line) pairs; a line over ``max_bytes`` (as UTF-8) or undecodable becomes an InputError."""
    number = 0
    while True:
        number += 1
        line = _read_line(stream, f"{path}:line {number}", max_bytes)
        if line == "":
            return
        if _over_cap(line, max_bytes):
            _skip_rest_of_line(stream, line)
            yield number, InputError(f"line is longer than the size cap of {max_bytes} bytes",
                                     source=f"{path}:line {number}")
        elif _UNDECODABLE.search(line):
            yield number, InputError(UNDECODABLE_LINE, source=f"{path}:line {number}")
        else:
            yield number, line


def _over_cap(line: str, max_bytes: int) -> bool:
    """True when ``line`` holds more than ``max_bytes`` bytes as UTF-8 (no encoding for short lines)."""
    if len(line) * 4 <= max_bytes:
        return False
    return len(line) > max_bytes or len(line.encode("utf-8", "surrogateescape")) > max_bytes


def _read_line(stream: IO[str], where: str, max_chars: int) -> str:
    try:
        return stream.readline(max_chars + 1)
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot decode from here on ({exc.reason}): convert the file to UTF-8",
                         source=where) from exc


def _skip_rest_of_line(stream: IO[str], head: str) -> None:
    chunk = head
    while chunk and not chunk.endswith("\n"):
        chunk = stream.readline(1 << 20)


def iter_csv(path: str, max_bytes: int) -> Iterator[Record | InputError]:
    """Records of a CSV file with a header row, an InputError for each bad row."""
    if csv.field_size_limit() < max_bytes:
        csv.field_size_limit(min(max_bytes, sys.maxsize))
    with open_text(path) as stream:
        reader = csv.reader(stream)
        header = _csv_header(reader, path)
        yield from _csv_rows(reader, header, path)


def _csv_header(reader: Any, path: str) -> list[str]:
    try:
        header = [name.strip().lower() for name in next(reader)]
    except (StopIteration, csv.Error) as exc:
        raise InputError("no CSV header row: the first row must name the columns (id,text,...)",
                         source=path) from exc
    missing = [name for name in REQUIRED_FIELDS if name not in header]
    if missing:
        raise InputError(f"CSV header lacks {', '.join(missing)}: the first row must name id and text columns",
                         source=path)
    return header


def _csv_rows(reader: Any, header: list[str], path: str) -> Iterator[Record | InputError]:
    start = reader.line_num + 1
    while True:
        where = f"{path}:line {start}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield InputError(f"malformed CSV row: {exc}", source=where)
            start = reader.line_num + 1
            continue
        except UnicodeDecodeError as exc:
            raise InputError(f"cannot decode from here on ({exc.reason}): convert the file to UTF-8",
                             source=where) from exc
        start = reader.line_num + 1
        if any(_UNDECODABLE.search(cell) for cell in row):
            yield InputError(UNDECODABLE_LINE, source=where)
        elif row and any(cell.strip() for cell in row):
            yield _csv_record(row, header, where)


def _csv_record(row: list[str], header: list[str], where: str) -> Record | InputError:
    if len(row) != len(header):
        return InputError(f"row has {len(row)} fields but the header has {len(header)}: fix the quoting or columns",
                          source=where)
    try:
        return record_from(dict(zip(header, row)), where)
    except InputError as exc:
        return exc

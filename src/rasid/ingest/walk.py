"""Finding the inputs: URLs, files, and folders walked recursively.

Folders are walked in sorted order (by name, files and sub-folders mixed as ``sorted`` puts
them), skipping hidden entries (names starting with ``.``) and files whose suffix no reader
handles. Symbolic links are followed, but a folder already being walked (a symlink loop) is
reported once and not entered again. A path that does not exist, a broken or looping link and a
folder that cannot be listed become :class:`InputFailure` items; the walk goes on.
"""
from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from typing import Iterable, Iterator

from rasid.ingest.article import InputFailure

_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
CSV_SUFFIXES = (".csv", ".csv.gz")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
KIND_BY_SUFFIX = {
    **{s: "text" for s in TEXT_SUFFIXES}, **{s: "html" for s in HTML_SUFFIXES},
    **{s: "jsonl" for s in JSONL_SUFFIXES}, **{s: "csv" for s in CSV_SUFFIXES},
    **{s: "feed" for s in FEED_SUFFIXES},
}


@dataclass(frozen=True, slots=True)
class InputRef:
    """One input to read: a file path with its kind, or a URL (kind ``"url"``)."""

    location: str
    kind: str


def is_url(location: str) -> bool:
    """True for anything of the form ``scheme://...`` (http, https, or a scheme we refuse)."""
    return bool(_URL_SCHEME.match(location))


def kind_of(path: str) -> str | None:
    """The reader kind for a file name by its suffix (``.jsonl.gz`` included), or None."""
    lower = path.lower()
    for suffix in sorted(KIND_BY_SUFFIX, key=len, reverse=True):
        if lower.endswith(suffix):
            return KIND_BY_SUFFIX[suffix]
    return None


def iter_inputs(locations: Iterable[str]) -> Iterator[InputRef | InputFailure]:
    """Every input named by ``locations``, folders expanded, in order."""
    for location in locations:
        location = str(location)
        if is_url(location):
            yield InputRef(location, "url")
        else:
            yield from _iter_path(location)


def _is_folder(path: str) -> bool:
    """True for a folder (links followed); OSError when the path cannot be reached."""
    return stat.S_ISDIR(os.stat(path).st_mode)


def _iter_path(path: str) -> Iterator[InputRef | InputFailure]:
    try:
        is_dir = _is_folder(path)
    except OSError as exc:
        yield InputFailure(path, os_reason(exc))
        return
    if is_dir:
        yield from _walk(path, set())
        return
    kind = kind_of(path)
    if kind is None:
        yield InputFailure(path, "unsupported file type: use .txt, .html, .htm, .jsonl, .csv, .xml, .rss or .atom")
    else:
        yield InputRef(path, kind)


def _walk(folder: str, active: set[tuple[int, int]]) -> Iterator[InputRef | InputFailure]:
    """Walk ``folder``; ``active`` holds the (device, inode) of the folders being walked above it."""
    try:
        info = os.stat(folder)
        names = sorted(os.listdir(folder))
    except OSError as exc:
        yield InputFailure(folder, os_reason(exc))
        return
    key = (info.st_dev, info.st_ino)
    if key in active:
        yield InputFailure(folder, "symlink loop: this folder links back to a folder above it; remove the link")
        return
    active = active | {key}
    for name in names:
        if not name.startswith("."):
            yield from _walk_entry(os.path.join(folder, name), active)


def _walk_entry(path: str, active: set[tuple[int, int]]) -> Iterator[InputRef | InputFailure]:
    try:
        is_dir = _is_folder(path)
    except OSError as exc:
        yield InputFailure(path, os_reason(exc))
        return
    if is_dir:
        yield from _walk(path, active)
    elif (kind := kind_of(path)) is not None:
        yield InputRef(path, kind)


def os_reason(exc: OSError) -> str:
    """A one-line reason for an operating-system error on a path."""
    reasons = {
        errno.ENOENT: "does not exist (or is a broken link): check the path",
        errno.EACCES: "permission denied: make it readable for this user",
        errno.EPERM: "permission denied: make it readable for this user",
        errno.ELOOP: "symlink loop: the link points back to itself; remove it",
        errno.ENOTDIR: "a part of the path is not a folder: check the path",
        errno.ENAMETOOLONG: "path is too long",
    }
    return reasons.get(exc.errno or 0, f"cannot read: {exc.strerror or exc}")

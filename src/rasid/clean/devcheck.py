"""Development check of the cleaner against a hand-made reading of sample pages.

    python -m rasid.clean.devcheck SEEDS_DIR GOLD_JSON

For each page: every gold boilerplate line must be removed, every other non-blank line kept
(gold caption lines may go either way: one copy of a repeated caption may stay); then the
outlet, genre, title and page date found. Exit status 1 when a check fails.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from rasid.clean.document import clean_document
from rasid.doc import Document
from rasid.errors import InputError

REMOVED_SHARE = 0.9     # a line counts as removed when this share of its characters is removed
KEPT_SHARE = 0.5        # ... and as kept when at least this share stays


@dataclass(slots=True)
class PageReport:
    name: str
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def line_spans(raw: str) -> list[tuple[int, int]]:
    """(start, end) of each '\\n'-separated line of ``raw`` (1-based line n is item n-1)."""
    spans, pos = [], 0
    for part in raw.split("\n"):
        spans.append((pos, pos + len(part)))
        pos += len(part) + 1
    return spans


def removed_share(doc: Document, start: int, end: int) -> float:
    """Share of the non-space characters of ``raw[start:end]`` inside removed spans."""
    chars = [i for i in range(start, end) if not doc.raw[i].isspace()]
    if not chars:
        return 0.0
    covered = sum(1 for i in chars if any(r.start <= i < r.end for r in doc.removed))
    return covered / len(chars)


def check_page(path: Path, gold: dict) -> PageReport:
    report = PageReport(path.name)
    doc = Document(raw=path.read_text(encoding="utf-8"))
    clean_document(doc)
    boiler = set(gold.get("boilerplate_lines", []))
    either = set(gold.get("caption_lines", []))
    for n, (start, end) in enumerate(line_spans(doc.raw), 1):
        if not doc.raw[start:end].strip() or n in either:
            continue
        share = removed_share(doc, start, end)
        if n in boiler and share < REMOVED_SHARE:
            report.failures.append(f"line {n} should be removed: {doc.raw[start:end][:60]!r}")
        elif n not in boiler and share > 1 - KEPT_SHARE:
            report.failures.append(f"line {n} should be kept: {doc.raw[start:end][:60]!r}")
    _compare(report, "outlet", gold.get("outlet"), doc.meta.outlet)
    _compare(report, "genre", gold.get("genre"), doc.meta.genre)
    _compare(report, "page date", gold.get("page_date"), doc.meta.published)
    report.notes.append(f"title: {doc.meta.title!r}; removed {len(doc.removed)} spans: "
                        + ", ".join(sorted({r.kind for r in doc.removed})))
    return report


def _compare(report: PageReport, what: str, expected: object, found: object) -> None:
    if expected is None:
        report.notes.append(f"{what}: {found!r} (gold gives none)")
    elif expected != found:
        report.failures.append(f"{what}: expected {expected!r}, found {found!r}")
    else:
        report.notes.append(f"{what}: {found!r} ok")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", type=Path)
    parser.add_argument("gold", type=Path)
    args = parser.parse_args(argv)
    if not args.gold.is_file() or not args.seeds.is_dir():
        raise InputError("give the seeds folder and the gold JSON file", source=str(args.gold))
    documents = json.loads(args.gold.read_text(encoding="utf-8"))["documents"]
    failed = 0
    for name, gold in sorted(documents.items()):
        report = check_page(args.seeds / name, gold)
        failed += bool(report.failures)
        print(f"{'FAIL' if report.failures else 'ok  '} {report.name}")
        for line in report.failures:
            print(f"     x {line}")
        for line in report.notes:
            print(f"       {line}")
    print(f"{len(documents) - failed}/{len(documents)} pages pass")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

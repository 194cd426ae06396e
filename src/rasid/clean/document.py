"""``clean_document``: the clean text of a page with an exact offset map, what was removed, and
the page's outlet, title, date and genre."""
from __future__ import annotations

from rasid.clean.boilerplate import Verdicts, judge_lines
from rasid.clean.genre import classify_genre
from rasid.clean.headlines import drop_unrelated_headlines
from rasid.clean.lines import Line, Segment, display_to_raw, split_lines
from rasid.clean.pagemeta import PageHead, read_page_head
from rasid.doc import Document, OffsetMap, Removal, TextBuilder


def clean_document(doc: Document) -> None:
    """Fill ``doc.text``, ``doc.offsets``, ``doc.removed`` and the page facts of ``doc.meta``.

    Meta fields already set (outlet, title, published, genre) are left as they are.
    """
    lines = split_lines(doc.raw)
    verdicts = judge_lines(lines)
    drop_unrelated_headlines(lines, verdicts)
    head = read_page_head(lines, verdicts)
    doc.text, doc.offsets = build_text(doc.raw, lines, verdicts)
    doc.removed = removals(doc.raw, lines, verdicts)
    _fill_meta(doc, lines, verdicts, head)


def build_text(raw: str, lines: list[Line], verdicts: Verdicts) -> tuple[str, OffsetMap]:
    """Kept lines, one per text line; a blank line in raw between two kept lines stays a blank line."""
    builder = TextBuilder(raw)
    kept = [line for line in lines if verdicts.kept(line)]
    for n, line in enumerate(kept):
        if n:
            _add_break(builder, lines, kept[n - 1], line)
        _add_line(builder, line, verdicts)
    return builder.build()


def _add_line(builder: TextBuilder, line: Line, verdicts: Verdicts) -> None:
    for seg in _segments_before_cut(line, verdicts):
        same = seg.verbatim and seg.text == builder.raw[seg.raw_start:seg.raw_end]
        _emit(builder, seg.raw_start, seg.raw_end, seg.text, same)


def _segments_before_cut(line: Line, verdicts: Verdicts) -> list[Segment]:
    """The line's segments up to its cut (if any), without trailing spaces."""
    cut = verdicts.cuts.get(line.index)
    if cut is None:
        return line.segments
    out: list[Segment] = []
    pos = 0
    for seg in line.segments:
        end = pos + len(seg.text)
        if end <= cut.offset:
            out.append(seg)
        elif pos < cut.offset and seg.verbatim:
            keep = cut.offset - pos
            out.append(Segment(seg.raw_start, seg.raw_start + keep, seg.text[:keep]))
        pos = end
    while out and out[-1].text.isspace():
        out.pop()
    return out


def _emit(builder: TextBuilder, raw_start: int, raw_end: int, text: str, verbatim: bool) -> None:
    if verbatim:
        builder.keep(raw_start, raw_end)
    else:
        builder.replace(raw_start, raw_end, text)


def _add_break(builder: TextBuilder, lines: list[Line], previous: Line, line: Line) -> None:
    """'\\n' (or '\\n\\n' when raw had a blank line between), mapped to the raw line breaks."""
    _emit_newline(builder, previous.end, previous.break_end)
    between = lines[previous.index + 1:line.index]
    blank = next((b for b in between if b.blank), None)
    if blank is not None:
        _emit_newline(builder, blank.end, blank.break_end)


def _emit_newline(builder: TextBuilder, start: int, end: int) -> None:
    if builder.raw[start:end] == "\n":
        builder.keep(start, end)
    else:
        builder.replace(start, end, "\n")


def removals(raw: str, lines: list[Line], verdicts: Verdicts) -> list[Removal]:
    """Raw spans dropped by cleaning, with their kinds; neighbouring lines of one kind merge."""
    out: list[Removal] = []
    for line in lines:
        kind = verdicts.kinds[line.index]
        if kind is not None and not line.blank:
            _append(out, Removal(line.content_start, line.content_end, kind), raw)
        cut = verdicts.cuts.get(line.index)
        if cut is not None and kind is None:
            start = display_to_raw(line, cut.offset)
            _append(out, Removal(start, line.content_end, cut.kind), raw)
    return out


def _append(out: list[Removal], removal: Removal, raw: str) -> None:
    if out and out[-1].kind == removal.kind and not raw[out[-1].end:removal.start].strip():
        out[-1].end = removal.end
    else:
        out.append(removal)


def _fill_meta(doc: Document, lines: list[Line], verdicts: Verdicts, head: PageHead) -> None:
    meta = doc.meta
    if meta.outlet is None and head.outlet:
        meta.outlet = head.outlet
    if meta.title is None and head.title:
        meta.title = head.title
    if meta.published is None and verdicts.published is not None:
        meta.published = verdicts.published.value
        meta.published_basis = verdicts.published.basis
    if meta.genre is None:
        meta.genre = classify_genre([line for line in lines if verdicts.kept(line)], verdicts.genre_marks)

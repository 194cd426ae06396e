"""Text with marked spans, built from character offsets: each piece escaped, then joined.

Nothing of the article is ever passed through unescaped: the only markup in the output is the
``<mark>`` / ``<span>`` tags written here, and their attribute values are escaped too.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from markupsafe import Markup, escape

FIGURE_FIELDS = ("killed", "injured", "arrested", "kidnapped")


@dataclass(frozen=True, slots=True)
class MarkSpan:
    """A span ``[start, end)`` of a text to mark, with a CSS class and a tooltip."""

    start: int
    end: int
    css: str
    title: str = ""


def non_overlapping(spans: Iterable[MarkSpan], length: int) -> list[MarkSpan]:
    """Spans inside ``[0, length)``, sorted, an overlapping later span dropped."""
    kept: list[MarkSpan] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if 0 <= span.start < span.end <= length and (not kept or span.start >= kept[-1].end):
            kept.append(span)
    return kept


def mark_tag(text: str, span: MarkSpan) -> Markup:
    title = Markup(' title="{}"').format(span.title) if span.title else Markup("")
    return Markup('<mark class="{}"{}>{}</mark>').format(span.css, title, text)


def marked(text: str, spans: Iterable[MarkSpan]) -> Markup:
    """``text`` escaped, with each span wrapped in ``<mark>``."""
    out: list[Markup] = []
    cursor = 0
    for span in non_overlapping(spans, len(text)):
        out.append(escape(text[cursor:span.start]))
        out.append(mark_tag(text[span.start:span.end], span))
        cursor = span.end
    out.append(escape(text[cursor:]))
    return Markup("").join(out)


def figure_spans(mention: dict[str, Any], labels: dict[str, str]) -> list[MarkSpan]:
    """Where the mention's figures are written in its sentence, each at its own occurrence.

    A quantity that carries ``start``/``end`` (offsets into the article, like the mention's) is
    marked there when the text matches. Otherwise its text is looked up in the sentence, left to
    right, skipping the parts already given to another figure: longer texts first (``14 جريحا``
    before ``14``), equal texts in field order (killed, injured, arrested, kidnapped), so two
    figures written the same way mark two different occurrences.
    """
    sentence = mention.get("sentence") or ""
    base = mention.get("start") if isinstance(mention.get("start"), int) else None
    written = {name: (mention.get(name) or {}) for name in FIGURE_FIELDS}
    taken: list[tuple[int, int]] = []
    found: dict[str, tuple[int, int]] = {}
    for name, quantity in written.items():
        span = given_span(quantity, sentence, base)
        if span is not None and is_free(span, taken):
            found[name] = span
            taken.append(span)
    searched = sorted((n for n in FIGURE_FIELDS if n not in found and written[n].get("text")),
                      key=lambda n: -len(str(written[n]["text"])))
    for name in searched:
        span = free_occurrence(sentence, str(written[name]["text"]), taken)
        if span is not None:
            found[name] = span
            taken.append(span)
    return [MarkSpan(*found[n], f"fig fig-{n}", labels.get(n, n)) for n in FIGURE_FIELDS if n in found]


def given_span(quantity: dict[str, Any], sentence: str, base: int | None) -> tuple[int, int] | None:
    """The quantity's own offsets made relative to the sentence, when they hold its text."""
    start, end = quantity.get("start"), quantity.get("end")
    if base is None or not isinstance(start, int) or not isinstance(end, int):
        return None
    span = (start - base, end - base)
    text = quantity.get("text")
    inside = 0 <= span[0] < span[1] <= len(sentence)
    return span if inside and (not text or sentence[span[0]:span[1]] == text) else None


def is_free(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return all(span[1] <= start or span[0] >= end for start, end in taken)


def free_occurrence(sentence: str, text: str, taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The first occurrence of ``text`` in ``sentence`` that overlaps no taken span."""
    cursor = sentence.find(text)
    while cursor >= 0:
        span = (cursor, cursor + len(text))
        if is_free(span, taken):
            return span
        cursor = sentence.find(text, cursor + 1)
    return None


def entity_spans(entities: Iterable[dict[str, Any]], text: str, base: int = 0) -> list[MarkSpan]:
    """Entity mentions (offsets into a text starting at ``base``) whose text matches what is there."""
    spans = []
    for entity in entities:
        start, end = int(entity.get("start", -1)) - base, int(entity.get("end", -1)) - base
        if 0 <= start < end <= len(text) and text[start:end] == entity.get("text", text[start:end]):
            spans.append(MarkSpan(start, end, f"ent ent-{str(entity.get('type') or 'MISC').lower()}",
                                  str(entity.get("kb_id") or entity.get("type") or "")))
    return spans


@dataclass(frozen=True, slots=True)
class TextPart:
    """A run of an article's raw text: kept (with its marked entities) or removed by cleaning."""

    html: Markup
    removed_kind: str | None = None


def article_parts(raw: str, removed: list[dict[str, Any]], entities: list[dict[str, Any]]) -> list[TextPart]:
    """The raw text cut at the removed spans; kept runs carry their entity marks."""
    parts: list[TextPart] = []
    cursor = 0
    for item in sorted(removed, key=lambda r: r["start"]):
        start, end = max(int(item["start"]), cursor), int(item["end"])
        if start >= end:
            continue
        parts.append(TextPart(marked(raw[cursor:start], entity_spans(entities, raw[cursor:start], cursor))))
        parts.append(TextPart(escape(raw[start:end]), str(item.get("kind") or "other")))
        cursor = end
    parts.append(TextPart(marked(raw[cursor:], entity_spans(entities, raw[cursor:], cursor))))
    return [p for p in parts if str(p.html).strip()]

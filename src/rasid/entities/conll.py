"""Reading and writing "token TAG" NER files (CoNLL style, one token per line, blank line
between sentences) and mapping the corpora's tag names to the tagger's coarse types.

Tags are read as IOB2 with types PER, ORG, LOC, MISC. ``PERS``/``MIS`` and NewsFANE's fine
classes are mapped through ``rasid/data/ner/tagsets.json``; IOB1-style input (an ``I-`` that
starts an entity) is repaired to IOB2.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, TextIO

from rasid.errors import InputError, ResourceError
from rasid.resources import load_json

OUTSIDE = "O"
COARSE_TYPES = ("PER", "ORG", "LOC", "MISC")
_MARKS = str.maketrans({c: None for c in "\u200e\u200f\ufeff"})


@dataclass(slots=True)
class TaggedSentence:
    """One sentence of a tagged corpus: tokens and their IOB2 tags (same length)."""

    tokens: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Chunk:
    """An entity read from tags: tokens ``start`` to ``end`` (exclusive) of one type."""

    start: int
    end: int
    type: str


@dataclass(frozen=True, slots=True)
class TagMap:
    """Type names of the corpora -> coarse tagger type (None drops the entity)."""

    types: dict[str, str | None]

    def coarse(self, tag: str) -> str:
        """``B-PERS`` -> ``B-PER``, IOBES ``E-``/``S-`` -> ``I-``/``B-``; unknown or dropped types -> ``O``."""
        if tag == OUTSIDE or len(tag) < 3 or tag[1] != "-" or tag[0] not in "BIES":
            return OUTSIDE
        mapped = self.types.get(tag[2:])
        if mapped is None:
            return OUTSIDE
        prefix = "I" if tag[0] in "IE" else "B"      # IOBES: E- continues, S- starts
        return f"{prefix}-{mapped}"


@lru_cache(maxsize=None)
def tag_map(*, fine: bool = False) -> TagMap:
    """The packaged tag map; ``fine=True`` also maps NewsFANE's fine-grained classes."""
    data = load_json("ner/tagsets.json")
    if not isinstance(data, dict) or not isinstance(data.get("coarse"), dict):
        raise ResourceError("expected an object with a 'coarse' map", source="rasid/data/ner/tagsets.json")
    types: dict[str, str | None] = dict(data["coarse"])
    if fine:
        types.update(data.get("fine") or {})
    bad = [v for v in types.values() if v is not None and v not in COARSE_TYPES]
    if bad:
        raise ResourceError(f"unknown coarse types {bad}", source="rasid/data/ner/tagsets.json")
    return TagMap(types)


def repair_iob2(tags: list[str]) -> list[str]:
    """IOB2 version of ``tags``: an ``I-X`` not following ``B-X``/``I-X`` becomes ``B-X``."""
    out: list[str] = []
    previous = OUTSIDE
    for tag in tags:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        out.append(tag)
        previous = tag
    return out


def _split_tag(tag: str) -> tuple[str, str]:
    if tag == OUTSIDE or len(tag) < 3 or tag[1] != "-":
        return OUTSIDE, ""
    return tag[0], tag[2:]


def chunks(tags: list[str]) -> list[Chunk]:
    """Entities of an IOB1/IOB2 tag sequence, conlleval style: a chunk starts at ``B-X``, or at
    ``I-X`` when the previous tag is not of type X, and ends before a tag that does not continue it."""
    found: list[Chunk] = []
    start, kind = -1, ""
    for i, tag in enumerate(tags + [OUTSIDE]):
        prefix, typ = _split_tag(tag)
        continues = prefix in ("I", "E") and typ == kind and start >= 0
        if start >= 0 and not continues:
            found.append(Chunk(start, i, kind))
            start, kind = -1, ""
        if prefix != OUTSIDE and not continues:
            start, kind = i, typ
    return found


def parse_line(line: str, where: str, *, outermost: bool = False) -> tuple[str, str]:
    """``"token TAG"`` (space or tab separated, the tag last) -> (token, tag).

    ``outermost``: nested annotation ``token TAG TAG ...`` (outermost first, as Wojood): the first tag.
    """
    parts = line.split()
    if len(parts) < 2:
        raise InputError(f"expected 'token TAG' but got {line!r}: fix the line or remove it", source=where)
    token = parts[0].translate(_MARKS) or parts[0]
    return token, parts[1 if outermost else -1].translate(_MARKS)


def iter_sentences(lines: Iterable[str], *, where: str = "<input>", fine: bool = False,
                   outermost: bool = False) -> Iterator[TaggedSentence]:
    """Sentences of a "token TAG" stream, tags mapped to coarse IOB2."""
    mapping = tag_map(fine=fine)
    sentence = TaggedSentence()
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\n\r")
        if not line.translate(_MARKS).strip():
            if sentence.tokens:
                yield _finish(sentence, mapping)
                sentence = TaggedSentence()
            continue
        token, tag = parse_line(line, f"{where}:{number}", outermost=outermost)
        sentence.tokens.append(token)
        sentence.tags.append(tag)
    if sentence.tokens:
        yield _finish(sentence, mapping)


def _finish(sentence: TaggedSentence, mapping: TagMap) -> TaggedSentence:
    sentence.tags = repair_iob2([mapping.coarse(t) for t in sentence.tags])
    return sentence


def read_conll(path: str | Path, *, fine: bool = False, outermost: bool = False) -> list[TaggedSentence]:
    """All sentences of a "token TAG" file (UTF-8, BOM allowed)."""
    path = Path(path)
    if not path.is_file():
        raise InputError("file not found: give a 'token TAG' file", source=str(path))
    with path.open(encoding="utf-8-sig") as handle:
        return list(iter_sentences(handle, where=str(path), fine=fine, outermost=outermost))


def write_predictions(out: TextIO, sentences: Iterable[tuple[list[str], list[str], list[str]]]) -> None:
    """``token<TAB>gold<TAB>predicted`` lines, a blank line after each sentence."""
    for tokens, gold, predicted in sentences:
        for token, g, p in zip(tokens, gold, predicted):
            out.write(f"{token}\t{g}\t{p}\n")
        out.write("\n")

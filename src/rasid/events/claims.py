"""Profile claims: what one article says about an organization (founding, size, composition,
areas, leaders, designations, media outlets), each with its sentence and character span.

Patterns are data (``rasid/data/claims/patterns.json``) matched over a normalized copy of each
sentence whose offsets map back into ``doc.text``. The organization a claim is about is the
nearest organization mention in the sentence (a knowledge-base link preferred), else the
article's main organization (the most mentioned one) when the subject is implicit (التنظيم).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterator

from rasid.doc import Document, Span
from rasid.errors import ResourceError
from rasid.resources import load_json, require_keys
from rasid.text.clitics import strip_proclitics
from rasid.text.normalize import normalize

PATTERNS_FILE = "claims/patterns.json"
ORG_TYPES = ("ORG",)
PLACE_TYPES = ("GPE", "LOC")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_PRESENTATION_FORM = re.compile("[\ufb50-\ufefc]")


@dataclass(frozen=True)
class NormText:
    """A normalized copy of ``doc.text[start:end]`` with the original offset of every character."""

    text: str
    offsets: tuple[int, ...]
    end: int

    def orig(self, i: int) -> int:
        return self.offsets[i] if i < len(self.offsets) else self.end


def normalize_span(text: str, start: int, end: int) -> NormText:
    """Character-wise normalization; when no character is dropped or expanded the offsets are a range."""
    segment = text[start:end]
    whole = normalize(segment)
    if len(whole) == len(segment) and not _PRESENTATION_FORM.search(segment):
        return NormText(whole, tuple(range(start, end)), end)
    chars: list[str] = []
    offsets: list[int] = []
    for pos in range(start, end):
        for ch in _normalize_char(text[pos]):
            chars.append(ch)
            offsets.append(pos)
    return NormText("".join(chars), tuple(offsets), end)


@lru_cache(maxsize=4096)
def _normalize_char(ch: str) -> str:
    return normalize(ch)


@dataclass(frozen=True)
class Patterns:
    founded_triggers: tuple[str, ...]
    year_window: int
    size_range: re.Pattern
    size_single: re.Pattern
    size_members: frozenset[str]
    size_by_cues: tuple[str, ...]
    size_by_words: int
    size_by_stopwords: frozenset[str]
    multipliers: dict[str, int]
    composition_cues: tuple[str, ...]
    composition_groups: dict[str, str]
    area_triggers: tuple[str, ...]
    leader_titles: tuple[str, ...]
    leader_window: int
    designation_triggers: tuple[str, ...]
    designation_kinds: dict[str, str]
    authority_words: tuple[str, ...]
    designation_window: int
    media_heads: tuple[str, ...]
    media_links: tuple[str, ...]
    media_window: int
    implicit_subjects: frozenset[str]
    gates: dict[str, re.Pattern[str]] = field(default_factory=dict)   # reader -> a cheap "may match" test


def _substring_gate(words: tuple[str, ...]) -> re.Pattern[str]:
    """Matches wherever any of ``words`` occurs, even inside a word: a superset of whole-word hits."""
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)")


def _gates(p: Patterns) -> dict[str, re.Pattern[str]]:
    digit = re.compile(r"\d")
    return {"founded": digit, "sizes": digit, "composition": _substring_gate(p.composition_cues),
            "areas": _substring_gate(p.area_triggers), "leaders": _substring_gate(p.leader_titles),
            "designations": _substring_gate(p.designation_triggers), "media_outlets": _substring_gate(p.media_heads)}


def _norm_list(items: list[str]) -> tuple[str, ...]:
    return tuple(sorted({normalize(i) for i in items}, key=lambda s: (-len(s), s)))


def _section(raw: dict[str, Any], name: str, keys: tuple[str, ...]) -> dict[str, Any]:
    if name not in raw:
        raise ResourceError(f"section {name!r} is missing: restore it", source=PATTERNS_FILE)
    require_keys(raw[name], keys, f"{PATTERNS_FILE}:{name}")
    return raw[name]


@lru_cache(maxsize=1)
def load_patterns() -> Patterns:
    raw = load_json(PATTERNS_FILE)
    founded = _section(raw, "founded", ("triggers", "year_window"))
    size = _section(raw, "size", ("range", "single", "members", "by_cues", "by_words", "by_stopwords", "multipliers"))
    comp = _section(raw, "composition", ("cues", "groups"))
    leaders = _section(raw, "leaders", ("titles", "window"))
    desig = _section(raw, "designations", ("triggers", "kinds", "authority_words", "window"))
    media = _section(raw, "media_outlets", ("heads", "links", "window"))
    try:
        size_range, size_single = re.compile(size["range"]), re.compile(size["single"])
    except re.error as exc:
        raise ResourceError(f"bad size regex: {exc}", source=PATTERNS_FILE) from exc
    patterns = Patterns(
        _norm_list(founded["triggers"]), int(founded["year_window"]), size_range, size_single,
        frozenset(_norm_list(size["members"])), _norm_list(size["by_cues"]), int(size["by_words"]),
        frozenset(_norm_list(size["by_stopwords"])), {normalize(k): int(v) for k, v in size["multipliers"].items()},
        _norm_list(comp["cues"]), {normalize(k): v for k, v in comp["groups"].items()},
        _norm_list(_section(raw, "areas", ("triggers",))["triggers"]), _norm_list(leaders["titles"]),
        int(leaders["window"]), _norm_list(desig["triggers"]),
        {normalize(k): v for k, v in desig["kinds"].items()}, _norm_list(desig["authority_words"]),
        int(desig["window"]), _norm_list(media["heads"]), _norm_list(media["links"]), int(media["window"]),
        frozenset(_norm_list(raw.get("implicit_subjects", []))))
    patterns.gates.update(_gates(patterns))
    return patterns


def find_words(norm: str, phrase: str, start: int = 0, end: int | None = None) -> Iterator[int]:
    """Positions of ``phrase`` in ``norm`` as whole words (a conjunction و or ف may precede it)."""
    end = len(norm) if end is None else end
    window = norm[start:end]
    if phrase not in window:
        return
    for m in _word_pattern(phrase).finditer(window):
        yield start + m.start(1)


@lru_cache(maxsize=8192)
def _word_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w])(?:[وف]?)(" + re.escape(phrase) + r")(?![\w])")


def first_trigger(norm: str, triggers: tuple[str, ...]) -> tuple[int, str] | None:
    hits = [(pos, t) for t in triggers for pos in find_words(norm, t)]
    return min(hits) if hits else None


def sentences_of(doc: Document) -> list[Span]:
    if doc.sentences:
        return doc.sentences
    from rasid.text.segment import split_sentences
    return split_sentences(doc.text)


@dataclass(frozen=True)
class OrgRef:
    """The organization a claim is about: KB id or name key, and the text naming it."""

    org: str
    text: str


class ClaimReader:
    """Reads the claims of one document."""

    def __init__(self, doc: Document, patterns: Patterns) -> None:
        self.doc, self.p = doc, patterns
        self.orgs = sorted((e for e in doc.entities if e.type in ORG_TYPES and not self._implicit(e.text)),
                           key=lambda e: e.start)
        self.main = self._main_org()
        self._norms: dict[tuple[int, int], NormText] = {}

    def norm_of(self, sentence: Span) -> NormText:
        """The normalized sentence, computed once per sentence."""
        key = (sentence.start, sentence.end)
        if key not in self._norms:
            self._norms[key] = normalize_span(self.doc.text, sentence.start, sentence.end)
        return self._norms[key]

    def _implicit(self, text: str) -> bool:
        return normalize(text) in self.p.implicit_subjects

    def _main_org(self) -> OrgRef | None:
        counts = Counter(_org_key(e) for e in self.orgs)
        if not counts:
            return None
        key = sorted(counts, key=lambda k: (-counts[k], k))[0]
        first = next(e for e in self.orgs if _org_key(e) == key)
        return OrgRef(key, first.text)

    def org_near(self, sentence: Span, pos: int, *, prefer: str = "before", max_after: int | None = None,
                 exclude_authorities: bool = True) -> OrgRef | None:
        """The organization a claim at ``pos`` is about.

        Candidates are the sentence's ORG mentions and its implicit subjects (التنظيم، الجماعة,
        standing for the article's main organization); the nearest on the ``prefer`` side wins,
        else the nearest on the other side, else the main organization.
        """
        candidates = self._candidates(sentence, exclude_authorities)
        before = [c for c in candidates if c[0] <= pos]
        after = [c for c in candidates if c[0] > pos]
        near_before = max(before, key=lambda c: c[0]) if before else None
        near_after = min(after, key=lambda c: c[0]) if after else None
        if near_after and max_after is not None and near_after[0] - pos > max_after:
            prefer = "before"
        first, second = (near_before, near_after) if prefer == "before" else (near_after, near_before)
        chosen = first or second
        return chosen[1] if chosen else self.main

    def _candidates(self, sentence: Span, exclude_authorities: bool) -> list[tuple[int, OrgRef | None]]:
        explicit = [e for e in self.orgs if sentence.start <= e.start and e.end <= sentence.end
                    and not (exclude_authorities and self.is_authority(e.text))]
        out: list[tuple[int, OrgRef | None]] = [(e.start, OrgRef(_org_key(e), e.text)) for e in explicit]
        norm = self.norm_of(sentence)
        for word in self.p.implicit_subjects:
            for variant in _article_variants(word):
                for at in find_words(norm.text, variant):
                    start = norm.orig(at)
                    if not any(e.start <= start < e.end for e in explicit):
                        out.append((start, self.main))
        return sorted(out, key=lambda c: c[0])

    def is_authority(self, text: str) -> bool:
        norm = normalize(text)
        return any(w in norm for w in self.p.authority_words)

    def claim(self, kind: str, org: OrgRef | None, sentence: Span, **values: Any) -> dict[str, Any] | None:
        if org is None:
            return None
        return {"kind": kind, "org": org.org, "org_text": org.text, **values,
                "text": self.doc.text[sentence.start:sentence.end], "start": sentence.start, "end": sentence.end}

    def read(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        if self.main is None:          # no organization in the article: no claim would have a subject
            return out
        for sentence in sentences_of(self.doc):
            norm = self.norm_of(sentence)
            for reader in (self.founded, self.sizes, self.composition, self.areas, self.leaders,
                           self.designations, self.media_outlets):
                if self.p.gates[reader.__name__].search(norm.text):
                    out.extend(c for c in reader(sentence, norm) if c is not None)
        return out

    def founded(self, sentence: Span, norm: NormText) -> list[dict[str, Any] | None]:
        hit = first_trigger(norm.text, self.p.founded_triggers)
        if hit is None:
            return []
        pos, trigger = hit
        after = pos + len(trigger)
        year = _YEAR.search(norm.text, after, after + self.p.year_window)
        if year is None:
            return []
        org = self.org_near(sentence, norm.orig(pos + len(trigger)), prefer="after", max_after=3)
        return [self.claim("founded", org, sentence, value=year.group(1), date=year.group(1))]

    def sizes(self, sentence: Span, norm: NormText) -> list[dict[str, Any] | None]:
        out = []
        for low, high, at in self._size_numbers(norm.text):
            out.append(self.claim("size_estimate", self.org_near(sentence, norm.orig(at), exclude_authorities=True),
                                  sentence, low=low, high=high, by=self._size_by(norm, at)))
        return out

    def _size_numbers(self, norm: str) -> list[tuple[int, int, int]]:
        found: list[tuple[int, int, int]] = []
        taken: list[tuple[int, int]] = []
        for m in self.p.size_range.finditer(norm):
            if self._counts_members(norm, m.end()) or self._counts_members(norm, m.start(), before=True):
                found.append((_int(m.group(1)), _int(m.group(2)), m.start()))
                taken.append((m.start(), m.end()))
        for m in self.p.size_single.finditer(norm):
            if any(s <= m.start(1) < e for s, e in taken) or not self._counts_members(norm, m.end()):
                continue
            value = _int(m.group(1)) * (self.p.multipliers.get(m.group(2), 1) if m.lastindex and m.lastindex > 1 and m.group(2) else 1)
            found.append((value, value, m.start()))
        return found

    def _counts_members(self, norm: str, pos: int, *, before: bool = False) -> bool:
        window = norm[max(0, pos - 40):pos] if before else norm[pos:pos + 25]
        return any(w in self.p.size_members for w in re.findall(r"\w+", window))

    def _size_by(self, norm: NormText, at: int) -> str | None:
        hits = [(abs(pos - at), pos, cue) for cue in self.p.size_by_cues for pos in find_words(norm.text, cue)]
        if not hits:
            return None
        _, pos, cue = min(hits)
        words = list(re.finditer(r"\S+", norm.text[pos:]))[: len(cue.split()) + self.p.size_by_words]
        while len(words) > len(cue.split()) and words[-1].group().strip("،,.") in self.p.size_by_stopwords:
            words.pop()
        end = pos + words[-1].end() if words else pos + len(cue)
        return self.doc.text[norm.orig(pos):norm.orig(end - 1) + 1].strip(" ،,.")

    def composition(self, sentence: Span, norm: NormText) -> list[dict[str, Any] | None]:
        cue = first_trigger(norm.text, self.p.composition_cues)
        if cue is None:
            return []
        org = self.org_near(sentence, norm.orig(cue[0]))
        out, seen = [], set()
        for word, label in sorted(self.p.composition_groups.items(), key=lambda kv: (-len(kv[0]), kv[0])):
            for pos in find_words(norm.text, word):
                if label not in seen:
                    seen.add(label)
                    out.append(self.claim("composition", org, sentence, value=label, value_text=self.doc.text[norm.orig(pos):norm.orig(pos + len(word) - 1) + 1]))
        return out

    def areas(self, sentence: Span, norm: NormText) -> list[dict[str, Any] | None]:
        hit = first_trigger(norm.text, self.p.area_triggers)
        if hit is None:
            return []
        after = norm.orig(hit[0])
        places = [e for e in self.doc.entities
                  if e.type in PLACE_TYPES and after <= e.start and e.end <= sentence.end]
        org = self.org_near(sentence, after, exclude_authorities=True)
        return [self.claim("area", org, sentence, value=e.text, kb_id=e.kb_id) for e in places]

    def leaders(self, sentence: Span, norm: NormText) -> list[dict[str, Any] | None]:
        out = []
        for title in self.p.leader_titles:
            for pos in find_words(norm.text, title):
                start = norm.orig(pos)
                person = next((e for e in self.doc.entities if e.type == "PER"
                               and start < e.start <= start + self.p.leader_window and e.end <= sentence.end), None)
                if person is not None:
                    out.append(self.claim("leader", self.org_near(sentence, start + len(title), prefer="after", max_after=3),
                                          sentence, value=person.text, kb_id=person.kb_id))
        return _unique(out)

    def designations(self, sentence: Span, norm: NormText) -> list[dict[str, Any] | None]:
        out = []
        for trigger in self.p.designation_triggers:
            for pos in find_words(norm.text, trigger):
                kind = self._designation_kind(norm.text, pos)
                if kind is None:
                    continue
                at = norm.orig(pos)
                out.append(self.claim("designation", self._designated(sentence, at), sentence, designation_kind=kind,
                                      by=self._authority(sentence, at), date=self._date_near(sentence, at)))
        return _unique(out)

    def _designation_kind(self, norm: str, pos: int) -> str | None:
        window = norm[pos:pos + self.p.designation_window]
        hits = [(window.find(k), -len(k), v) for k, v in self.p.designation_kinds.items() if k in window]
        return min(hits)[2] if hits else None

    def _designated(self, sentence: Span, at: int) -> OrgRef | None:
        after = [e for e in self.orgs if at <= e.start < sentence.end and not self.is_authority(e.text)]
        if after:
            return OrgRef(_org_key(after[0]), after[0].text)
        return self.org_near(sentence, at, exclude_authorities=True)

    def _authority(self, sentence: Span, at: int) -> str | None:
        around = [e for e in self.doc.entities if e.type in ORG_TYPES + PLACE_TYPES
                  and sentence.start <= e.start < sentence.end and self.is_authority(e.text)]
        if not around:
            return None
        return sorted(around, key=lambda e: (abs(e.start - at), e.start))[0].text

    def _date_near(self, sentence: Span, at: int) -> str | None:
        dated = [d for d in self.doc.dates if sentence.start <= d.start < sentence.end and d.value]
        if not dated:
            return None
        return sorted(dated, key=lambda d: (d.granularity != "day", abs(d.start - at), d.start))[0].value

    def media_outlets(self, sentence: Span, norm: NormText) -> list[dict[str, Any] | None]:
        out = []
        for head in self.p.media_heads:
            for pos in find_words(norm.text, head):
                link = min((norm.text.find(l, pos) for l in self.p.media_links
                            if 0 <= norm.text.find(l, pos) <= pos + self.p.media_window), default=-1)
                if link < 0:
                    continue
                name = self.doc.text[norm.orig(pos):norm.orig(link - 1) + 1].strip(" \"'«»“”،,")
                out.append(self.claim("media_outlet", self.org_near(sentence, norm.orig(link), prefer="after"),
                                      sentence, value=name))
        return _unique(out)


def _article_variants(word: str) -> tuple[str, ...]:
    """التنظيم -> (التنظيم، للتنظيم، بالتنظيم): the article form with a fused preposition."""
    if not word.startswith("ال"):
        return (word,)
    return (word, "لل" + word[2:], "ب" + word, "ك" + word)


def _org_key(entity: Any) -> str:
    """KB id, else the clitic-stripped words of the name (resolution re-keys names itself)."""
    if entity.kb_id:
        return entity.kb_id
    return " ".join(strip_proclitics(w) for w in entity.text.split())


def _int(text: str) -> int:
    return int(text.replace(",", ""))


def _unique(claims: list[dict[str, Any] | None]) -> list[dict[str, Any] | None]:
    seen, out = set(), []
    for c in claims:
        key = repr(sorted(c.items())) if c else None
        if c is not None and key not in seen:
            seen.add(key)
            out.append(c)
    return out


def extract_claims(doc: Document) -> list[dict[str, Any]]:
    """The profile claims of one processed document (needs entities; dates used when present)."""
    return ClaimReader(doc, load_patterns()).read()

"""Genre of a cleaned page: news (default), analysis (explainer) or opinion; cues in ``genre.json``.

Phrases are matched as word n-grams over the normalized text (one pass, dictionary lookups),
which keeps genre detection cheap on long pages.
"""
from __future__ import annotations

import re
from collections import Counter
from itertools import chain
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Sequence

from rasid.clean.boilerplate import is_body_like, is_headline_like
from rasid.clean.lines import Line
from rasid.clean.patterns import setting
from rasid.clean.phrases import PhraseSet, candidate_positions, first_words
from rasid.errors import ResourceError
from rasid.resources import load_json, require_keys

GENRE_FILE = "genre.json"
GENRES = ("news", "analysis", "opinion")
_YEAR = re.compile(r"(?<!\d)(?:19[5-9]\d|20\d\d)(?!\d)")
_LABEL_END = re.compile(r"^\s*(?:$|[:|\-–—])")
_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Cue:
    genre: str
    where: str          # label | anywhere
    weight: float
    cap: float
    phrases: PhraseSet


@dataclass(frozen=True, slots=True)
class GenreScores:
    news: float
    analysis: float
    opinion: float


@lru_cache(maxsize=1)
def _config() -> dict[str, Any]:
    data = load_json(GENRE_FILE)
    where = f"rasid/data/{GENRE_FILE}"
    require_keys(data, ("cues", "features", "head_lines", "opinion_min", "analysis_margin", "recent_words", "day_ordinals"), where)
    for name, feature in data["features"].items():
        require_keys(feature, ("genre", "weight", "cap"), f"{where} feature {name}")
        if feature["genre"] not in GENRES:
            raise ResourceError(f"feature {name}: unknown genre {feature['genre']!r}", source=where)
    return data


@lru_cache(maxsize=1)
def _cues() -> tuple[Cue, ...]:
    cues = []
    for i, record in enumerate(_config()["cues"]):
        where = f"rasid/data/{GENRE_FILE} cue {i}"
        require_keys(record, ("genre", "where", "weight", "phrases"), where)
        if record["genre"] not in GENRES or record["where"] not in ("label", "anywhere"):
            raise ResourceError("genre must be news|analysis|opinion and where label|anywhere", source=where)
        cues.append(Cue(record["genre"], record["where"], float(record["weight"]), float(record.get("cap", 99)),
                        PhraseSet.of(record["phrases"])))
    return tuple(cues)


@lru_cache(maxsize=None)
def _phrase_set(*names: str) -> PhraseSet:
    """The phrases of the lists ``names`` (genre file first, else page file)."""
    items: list[str] = []
    for name in names:
        values = _config()[name] if name in _config() else setting(name)
        items.extend(n for ns in values.values() for n in ns) if isinstance(values, dict) else items.extend(values)
    return PhraseSet.of(items)


def classify_genre(kept: list[Line], marks: set[str]) -> str:
    """The genre of a page from its kept lines and the genre marks of removed lines."""
    scores = genre_scores(kept, marks)
    config = _config()
    if scores.opinion >= float(config["opinion_min"]):
        return "opinion"
    if scores.analysis - scores.news >= float(config["analysis_margin"]):
        return "analysis"
    return "news"


def genre_scores(kept: list[Line], marks: set[str]) -> GenreScores:
    """Weighted cue and feature scores per genre."""
    totals: Counter[str] = Counter()
    for genre in marks:
        totals[genre] += float(_config()["opinion_min"])
    words = page_words(kept)
    candidates = candidate_positions(words, _text_firsts())
    _score_cues(kept, words, candidates, totals)
    _score_features(kept, words, candidates, totals)
    return GenreScores(totals["news"], totals["analysis"], totals["opinion"])


def page_words(kept: list[Line]) -> list[str]:
    """The lower-cased words of the kept lines' keys, in page order."""
    return list(chain.from_iterable(map(_line_words, kept)))


def _line_words(line: Line) -> Sequence[str]:
    """The words of the lower-cased key (the line's tokens unless lower-casing moved offsets)."""
    lower = line.lower
    return line.tokens if len(lower) == len(line.key) else _TOKEN.findall(lower)


@lru_cache(maxsize=1)
def _text_firsts() -> frozenset[str]:
    """First words of every phrase set matched over the whole page text."""
    sets = [cue.phrases for cue in _cues() if cue.where == "anywhere"]
    return first_words([*sets, _phrase_set("weekdays"), _phrase_set("months")])


def _score_cues(kept: list[Line], words: list[str], candidates: list[int], totals: Counter[str]) -> None:
    head = kept[: int(_config()["head_lines"])]
    for cue in _cues():
        if cue.where == "label":
            hits = sum(1 for line in head if is_label(cue.phrases, line))
        else:
            hits = cue.phrases.count(words, candidates)
        totals[cue.genre] += min(hits * cue.weight, cue.cap)


def is_label(phrases: PhraseSet, line: Line) -> bool:
    """The line opens with a label phrase followed by ':' '-' '|', or is a short line opening with it."""
    n = phrases.opening(line.tokens)
    if not n:
        return False
    return bool(_LABEL_END.match(line.key[line.token_ends[n - 1]:])) or line.words <= 5


def _score_features(kept: list[Line], words: list[str], candidates: list[int], totals: Counter[str]) -> None:
    counts = {
        "subheading": count_subheadings(kept),
        "distinct_year": sum(1 for _ in filter(_YEAR.fullmatch, set(words))),
        "day_month_without_year": count_day_months_without_year(words, candidates),
        "weekday": _phrase_set("weekdays").count(words, candidates),
        "lead_recent": _lead_is_recent(kept),
    }
    for name, count in counts.items():
        feature = _config()["features"].get(name)
        if feature is not None:
            weight = float(feature["weight"])
            totals[feature["genre"]] += min(count, float(feature["cap"])) * weight


def count_day_months_without_year(words: list[str], candidates: list[int] | None = None) -> int:
    """'10 فبراير' or 'العاشر من فبراير' with no year in the next few words (recent reporting)."""
    ordinals = _phrase_set("day_ordinals")
    count = 0
    for i, n in _phrase_set("months").hits(words, candidates):
        before = words[max(0, i - 3):i]
        if before and before[-1] == "من":
            before = before[:-1]
        has_day = bool(before) and (_is_day_number(before[-1])
                                    or any(ordinals.equals(before[k:]) for k in range(len(before))))
        if has_day and not any(_YEAR.fullmatch(w) for w in words[i + n:i + n + 4]):
            count += 1
    return count


def _is_day_number(word: str) -> bool:
    return word.isdigit() and 1 <= int(word) <= 31


def count_subheadings(kept: list[Line]) -> int:
    """Short lines after the first paragraph, each followed by a paragraph."""
    first_body = next((k for k, line in enumerate(kept) if is_body_like(line)), None)
    if first_body is None:
        return 0
    return sum(1 for k in range(first_body + 1, len(kept) - 1)
               if is_headline_like(kept[k]) and is_body_like(kept[k + 1]))


def _lead_is_recent(kept: list[Line]) -> int:
    """1 when the lead sentence dates itself by a weekday or today/yesterday."""
    lead = next((line for line in kept if is_body_like(line)), None)
    if lead is None:
        return 0
    first_sentence = re.split(r"[.!؟?]\s", lead.key.lower(), maxsplit=1)[0]
    return int(_phrase_set("weekdays", "recent_words").count(_TOKEN.findall(first_sentence)) > 0)

"""Genre of a cleaned page: news (default), analysis (explainer) or opinion; cues in ``genre.json``."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rasid.clean.boilerplate import is_body_like, is_headline_like
from rasid.clean.lines import Line
from rasid.clean.patterns import phrase_pattern, setting
from rasid.errors import ResourceError
from rasid.resources import load_json, require_keys

GENRE_FILE = "genre.json"
GENRES = ("news", "analysis", "opinion")
_FLAGS = re.IGNORECASE
_YEAR = re.compile(r"(?<!\d)(?:19[5-9]\d|20\d\d)(?!\d)")
_LABEL_END = re.compile(r"^\s*(?:$|[:|\-–—])")


@dataclass(frozen=True, slots=True)
class Cue:
    genre: str
    where: str
    weight: float
    cap: float
    regex: re.Pattern[str]


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
        regex = re.compile(phrase_pattern(record["phrases"]), _FLAGS)
        cues.append(Cue(record["genre"], record["where"], float(record["weight"]), float(record.get("cap", 99)), regex))
    return tuple(cues)


@lru_cache(maxsize=1)
def _date_regexes() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    months = phrase_pattern([n for names in setting("months").values() for n in names])
    ordinals = phrase_pattern(_config()["day_ordinals"])
    day_month = re.compile(rf"(?:(?<!\d)\d{{1,2}}|{ordinals})\s+(?:من\s+)?(?:{months})(?![\w/]*\s*(?:\(\s*\w+\s*\)\s*)?(?:عام\s+|سنه\s+)?\d{{4}})", _FLAGS)
    weekday = re.compile(phrase_pattern(list(setting("weekdays"))), _FLAGS)
    recent = re.compile(phrase_pattern(_config()["recent_words"]), _FLAGS)
    return day_month, weekday, recent


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
    _score_cues(kept, totals)
    _score_features(kept, totals)
    return GenreScores(totals["news"], totals["analysis"], totals["opinion"])


def _score_cues(kept: list[Line], totals: Counter[str]) -> None:
    head = kept[: int(_config()["head_lines"])]
    text = "\n".join(line.key for line in kept)
    for cue in _cues():
        if cue.where == "label":
            hits = sum(1 for line in head if _is_label(cue.regex, line))
        else:
            hits = len(cue.regex.findall(text))
        totals[cue.genre] += min(hits * cue.weight, cue.cap)


def _is_label(regex: re.Pattern[str], line: Line) -> bool:
    match = regex.match(line.key.lstrip(" •*-–|#"))
    if match is None:
        return False
    rest = line.key.lstrip(" •*-–|#")[match.end():]
    return bool(_LABEL_END.match(rest)) or line.words <= 5


def _score_features(kept: list[Line], totals: Counter[str]) -> None:
    features = _config()["features"]
    day_month, weekday, recent = _date_regexes()
    text = "\n".join(line.key for line in kept)
    counts = {
        "subheading": count_subheadings(kept),
        "distinct_year": len(set(_YEAR.findall(text))),
        "day_month_without_year": len(day_month.findall(text)),
        "weekday": len(weekday.findall(text)),
        "lead_recent": _lead_is_recent(kept, weekday, recent),
    }
    for name, count in counts.items():
        feature = features.get(name)
        if feature is not None:
            totals[feature["genre"]] += min(count * float(feature["weight"]), float(feature["cap"]) * float(feature["weight"]))


def count_subheadings(kept: list[Line]) -> int:
    """Short lines after the first paragraph, each followed by a paragraph."""
    first_body = next((k for k, line in enumerate(kept) if is_body_like(line)), None)
    if first_body is None:
        return 0
    count = 0
    for k in range(first_body + 1, len(kept) - 1):
        if is_headline_like(kept[k]) and is_body_like(kept[k + 1]):
            count += 1
    return count


def _lead_is_recent(kept: list[Line], weekday: re.Pattern[str], recent: re.Pattern[str]) -> int:
    lead = next((line for line in kept if is_body_like(line)), None)
    if lead is None:
        return 0
    first_sentence = re.split(r"[.!؟?]\s", lead.key, maxsplit=1)[0]
    return int(bool(weekday.search(first_sentence) or recent.search(first_sentence)))


"""Annotation types shared by the stages. Offsets are into ``Document.text`` (the clean text)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

ENTITY_TYPES = ("PER", "ORG", "LOC", "GPE", "FAC", "MISC")
QUALIFIERS = ("exact", "at_least", "more_than", "about", "nearly", "at_most", "less_than", "vague")
GRANULARITIES = ("day", "month", "year")
FIGURE_FIELDS = ("killed", "injured", "arrested", "kidnapped")
EVENT_TYPES = (
    "attack", "armed_clash", "plot_foiled", "arrest", "legal_action",
    "designation", "claim", "threat", "protest",
)
ACTOR_ROLES = ("perpetrator", "claimed_by", "accused", "target", "victim", "authority", "arrested")


@dataclass(slots=True)
class EntityMention:
    start: int
    end: int
    text: str
    type: str                      # one of ENTITY_TYPES
    kb_id: str | None = None
    score: float | None = 1.0      # None: the tagger was not asked for its confidence
    source: str = "tagger"         # tagger | gazetteer | kb | rule

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "type": self.type, "kb_id": self.kb_id}


@dataclass(slots=True)
class TimeExpr:
    """A date or period written in the text, resolved as far as the text and anchor allow."""

    start: int
    end: int
    text: str
    value: str | None              # ISO prefix: YYYY, YYYY-MM, YYYY-MM-DD, or --MM-DD when the year is unknown
    granularity: str | None        # day | month | year | None
    earliest: str | None = None    # ISO date
    latest: str | None = None      # ISO date
    weekday: int | None = None     # 0=Monday, kept when the date is relative and unresolved
    relative: bool = False         # depends on the publication date

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "granularity": self.granularity,
                "earliest": self.earliest, "latest": self.latest}


@dataclass(slots=True)
class QuantityPart:
    who: str
    value: int | None
    qualifier: str
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"who": self.who, "value": self.value, "qualifier": self.qualifier, "text": self.text}


@dataclass(slots=True)
class Quantity:
    """A figure: a number (or vague amount) with its qualifier and what it counts."""

    start: int
    end: int
    text: str
    value: int | None
    qualifier: str                  # one of QUALIFIERS
    category: str | None = None     # killed | injured | arrested | kidnapped | sentenced | None
    counted: str | None = None      # the noun counted, as written (جنديا، مدنيين)
    parts: list[QuantityPart] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value, "qualifier": self.qualifier, "text": self.text}
        if self.parts:
            out["parts"] = [p.to_dict() for p in self.parts]
        return out


@dataclass(slots=True)
class Place:
    """A resolved location."""

    name: str
    kb_id: str | None = None
    country: str | None = None      # ISO 3166-1 alpha-2
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None    # site | city | region | country

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class ActorRef:
    name: str
    role: str                       # one of ACTOR_ROLES
    kb_id: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class EventMention:
    """What one sentence (or a few) of one article says about one event."""

    type: str
    start: int                      # the sentence span in the clean text
    end: int
    sentence: str
    subtype: str | None = None
    plover: str | None = None
    trigger: str | None = None
    trigger_start: int | None = None
    date: TimeExpr | None = None
    location: Place | None = None
    location_text: str | None = None
    actors: list[ActorRef] = field(default_factory=list)
    killed: Quantity | None = None
    injured: Quantity | None = None
    arrested: Quantity | None = None
    kidnapped: Quantity | None = None
    sentenced: Quantity | None = None
    attributed_to: str | None = None
    perpetrator_text: str | None = None
    confidence: float = 1.0

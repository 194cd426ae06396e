"""Event mentions flattened from readings into records that resolution can compare."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rasid.resolve.config import Policy
from rasid.resolve.dates import Interval, interval_of, parse_iso_day, window_before
from rasid.resolve.datecues import reinterpret
from rasid.resolve.kbview import KBView
from rasid.resolve.keys import name_key
from rasid.errors import InputError

FIGURE_FIELDS = ("killed", "injured", "arrested", "kidnapped")


@dataclass(frozen=True)
class ActorKey:
    """An actor of a mention: a KB id when linked, else its name key."""

    kb_id: str | None
    key: str
    name: str
    role: str


@dataclass
class PlaceKey:
    """A mention's place: KB id when linked, else its name key; its country and precision."""

    kb_id: str | None
    key: str
    name: str
    country: str | None
    precision: str | None
    lat: float | None = None
    lon: float | None = None


@dataclass
class MentionRecord:
    """One article's mention of one event, with what resolution compares."""

    index: int
    article: str
    event: dict[str, Any]
    mention: dict[str, Any]
    type: str
    subtype: str | None
    family: str
    interval: Interval | None
    news_window: Interval | None
    place: PlaceKey | None
    actors: list[ActorKey] = field(default_factory=list)
    published: date | None = None
    background: bool = False       # recalls an earlier incident beside its article's lead (background.py)
    recalled: tuple[Interval, ...] = ()   # days the sentence gave to the earlier event it recalls (datecues.py)
    stale_until: date | None = None       # undated "a day after [another attack]": dates up to here are not fresh
    title_places: tuple[str, ...] = ()    # KB places of the article's title (titles.py); kept on lead units only

    @property
    def start(self) -> int:
        return int(self.mention.get("start") or 0)

    @property
    def sort_key(self) -> tuple[str, int, int]:
        return (self.article, self.start, self.index)

    def figure(self, name: str) -> dict[str, Any] | None:
        value = self.mention.get(name)
        return value if isinstance(value, dict) else None

    def perpetrators(self, policy: Policy) -> list[ActorKey]:
        return [a for a in self.actors if a.role in policy.perpetrator_roles]


READING_ENTITY_PREFIX = "ent-"


def entity_ref(obj: dict[str, Any]) -> str | None:
    """The KB id an actor or location object points to.

    ``kb_id`` when present; else ``entity``, which a reading writes as ``ent-<kb_id>``
    (``rasid.reading``); the prefix is removed. Whether the id is known is checked by the caller.
    """
    ref = obj.get("kb_id") or obj.get("entity")
    if not isinstance(ref, str) or not ref:
        return None
    return ref[len(READING_ENTITY_PREFIX):] if ref.startswith(READING_ENTITY_PREFIX) else ref


def place_of(event: dict[str, Any], mention: dict[str, Any], kb: KBView) -> PlaceKey | None:
    loc = event.get("location") or {}
    name = loc.get("name") or mention.get("location_text") or ""
    kb_id = entity_ref(loc)
    kb_id = kb_id if kb.known(kb_id) else None
    if not name and kb_id is None and not loc.get("country"):
        return None
    entry = kb.entry(kb_id)
    country = loc.get("country") or kb.country(kb_id)
    precision = loc.get("precision") or (entry.level if entry else None)
    return PlaceKey(kb_id, name_key(name) if name else "", name or (entry.name_ar if entry else "") or "",
                    country, precision, loc.get("lat"), loc.get("lon"))


def actors_of(event: dict[str, Any], kb: KBView) -> list[ActorKey]:
    out = []
    for actor in event.get("actors") or []:
        kb_id = entity_ref(actor)
        kb_id = kb_id if kb.known(kb_id) else None
        name = actor.get("name") or ""
        out.append(ActorKey(kb_id, name_key(name) if name else "", name, actor.get("role") or ""))
    return out


def _one_mention(event: dict[str, Any], article_id: str) -> dict[str, Any]:
    mentions = event.get("mentions") or []
    if len(mentions) != 1:
        raise InputError(f"a reading event must hold exactly one mention, found {len(mentions)}: re-read the article",
                         source=article_id)
    mention = dict(mentions[0])
    mention["article"] = article_id
    return mention


# Event fields a record keeps after it is built (events.EventBuilder reads them); the others
# (date, location, mentions, figures) are already in the record's own fields.
RECORD_EVENT_FIELDS = ("id", "type", "subtype", "plover", "actors")


def kept_event_fields(event: dict[str, Any]) -> dict[str, Any]:
    return {name: event[name] for name in RECORD_EVENT_FIELDS if name in event}


def build_record(index: int, event: dict[str, Any], article: dict[str, Any], policy: Policy, kb: KBView,
                 title_places: tuple[str, ...] = ()) -> MentionRecord:
    article_id = str(article["id"])
    mention = _one_mention(event, article_id)
    event_type = event.get("type") or "attack"
    published = parse_iso_day(article.get("published"))
    interval = interval_of(event.get("date")) or interval_of(mention.get("date"))
    window = None
    if interval is None and published and (article.get("genre") or "news") == "news":
        window = window_before(published, policy.news_window_days)
    dates = reinterpret(mention, event_type, interval, window, published, policy.news_window_days)
    interval, window = dates.interval, dates.window
    recalled = (dates.recalled,) if dates.recalled is not None else ()
    return MentionRecord(
        index=index, article=article_id, event=kept_event_fields(event), mention=mention, type=event_type,
        subtype=event.get("subtype"), family=policy.family_of_type.get(event_type, event_type),
        interval=interval, news_window=window, place=place_of(event, mention, kb),
        actors=actors_of(event, kb), published=published, recalled=recalled, stale_until=dates.stale_until,
        title_places=title_places)


def build_records(articles: list[dict[str, Any]], readings: list[dict[str, Any]], policy: Policy,
                  kb: KBView) -> list[MentionRecord]:
    """All event mentions of all readings, in article order then reading order."""
    by_id = {str(a["id"]): a for a in articles}
    records: list[MentionRecord] = []
    for reading in readings:
        add_reading_records(records, reading, article_of(by_id, reading), policy, kb)
    return records


def article_of(by_id: dict[str, dict[str, Any]], reading: dict[str, Any]) -> dict[str, Any]:
    """The article dict a reading belongs to; InputError when it is missing."""
    article = by_id.get(str(reading.get("id")))
    if article is None:
        raise InputError("a reading has no matching article: pass the article dict with the same id",
                         source=str(reading.get("id")))
    return article


def add_reading_records(records: list[MentionRecord], reading: dict[str, Any], article: dict[str, Any],
                        policy: Policy, kb: KBView) -> None:
    """Append a record for each event mention of ``reading``, numbered after the existing ones."""
    from rasid.resolve.titles import article_title_places, corroborated_title_places

    events = reading.get("events") or []
    titled = corroborated_title_places(article_title_places(article), reading, kb) if events else ()
    for event in events:
        records.append(build_record(len(records), event, article, policy, kb, titled))

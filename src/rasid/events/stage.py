"""The event stage: ``doc.events`` (typed event mentions with their arguments) from the layers
of the earlier stages. See docs/EVALUATION.md (Extraction) for how it is measured.

Per sentence: find triggers (data/events/triggers.json), decide from the cues around each one
whether it reports an event (:mod:`rasid.events.decide`), give figures to the nearest trigger,
group triggers of the same event, then read date, place, actors and attribution
(:mod:`rasid.events.arguments`). A sentence with no new event that continues the previous one
(a toll, a source, a claim: وأسفر الهجوم عن ...) adds to the previous mention.
"""
from __future__ import annotations

from typing import Any

from rasid.doc import Document, Span
from rasid.events.arguments import (
    FIGURE_CATEGORIES, PLACE_TYPES, EventRange, KnowledgeBase, actors_of, assign_quantities,
    attribution_of, date_of, figures_of, perpetrator_text, place_of,
)
from rasid.events.country import locate, named_places
from rasid.events.dateline import dateline_end
from rasid.events.dates import DateOwners, date_owners, unresolved_weekday
from rasid.events.context import (
    COMMA, DocumentIndex, SentenceView, Trigger, has_trigger_word, longest_triggers, make_trigger, sentence_keys,
    sentence_view,
)
from rasid.events.decide import VIOLENT, decide, has_anchor, suppress_governed
from rasid.events.lexicon import Lexicon, get_lexicon
from rasid.events.group_subject import group_subject
from rasid.events.subordinate import described_dates, inside_any, person_descriptions
from rasid.model import ActorRef, EntityMention, EventMention, TimeExpr
from rasid.pipeline import CLEAN, DATES, ENTITIES, EVENTS, QUANTITIES, SENTENCES, TOKENS

CONTINUE_SENTENCES = 2
COORDINATOR = "و"
CATEGORY_TYPES = {"killed": VIOLENT, "injured": VIOLENT, "arrested": ("arrest",),
                  "kidnapped": ("attack",), "sentenced": ("legal_action",)}


class EventStage:
    name = "events"
    requires = frozenset({CLEAN, SENTENCES, TOKENS, ENTITIES, DATES, QUANTITIES})
    provides = frozenset({EVENTS})

    def __init__(self, kb: KnowledgeBase | None = None, lexicon: Lexicon | None = None) -> None:
        self._kb = kb
        self._lexicon = lexicon

    def __getstate__(self) -> dict[str, Any]:
        return {}                      # rebuilt lazily on the worker

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._kb, self._lexicon = None, None

    @property
    def lexicon(self) -> Lexicon:
        if self._lexicon is None:
            self._lexicon = get_lexicon()
        return self._lexicon

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            from rasid.entities.kb import get_kb   # the entity engineer's module; loaded on first use
            self._kb = get_kb()
        return self._kb

    def __call__(self, doc: Document) -> None:
        doc.events = read_events(doc, self.lexicon, self.kb)


def read_events(doc: Document, lexicon: Lexicon, kb: KnowledgeBase | None) -> list[EventMention]:
    """Event mentions of a segmented, tagged document, in text order.

    A sentence with no word that can start a trigger is read fully only when it may continue the
    previous event (it has a categorized figure and follows an event closely)."""
    index = DocumentIndex.of(doc)
    events: list[EventMention] = []
    last: tuple[EventMention, int] | None = None
    for si, span in enumerate(after_dateline(doc.sentences, dateline_end(doc), doc.text)):
        if span.end <= span.start:
            continue
        prepared = sentence_keys(doc, span, index.token_starts)
        if not has_trigger_word(prepared[1], lexicon) and not _may_continue(index, span, last, si):
            continue
        view = sentence_view(doc, span, lexicon, index.token_starts, index, prepared)
        entities = index.entities.inside(span)
        found, leftovers = sentence_events(view, entities, lexicon, kb, nothing_before=last is None)
        if found:
            events.extend(found)
            last = (found[-1], si)
        elif last is not None and continues(view, leftovers, si - last[1]):
            extend_mention(last[0], view, leftovers, entities)
            last = (last[0], si)
    return events


def after_dateline(sentences: list[Span], cut: int, text: str) -> list[Span]:
    """The sentences with the dateline (``text[:cut]``) left out: the filing place is no event place."""
    if cut <= 0:
        return sentences
    while cut < len(text) and text[cut].isspace():
        cut += 1
    return [Span(max(s.start, cut), s.end) if s.start < cut else s for s in sentences]


def _may_continue(index: DocumentIndex, span: Span, last: tuple[EventMention, int] | None, si: int) -> bool:
    if last is None or si - last[1] > CONTINUE_SENTENCES:
        return False
    return any(q.category in FIGURE_CATEGORIES for q in index.quantities.inside(span))


def sentence_events(view: SentenceView, entities: list[EntityMention], lexicon: Lexicon,
                    kb: KnowledgeBase | None, nothing_before: bool = False) -> tuple[list[EventMention], list[Trigger]]:
    """The sentence's own event mentions, and the triggers that only refer back to an earlier event.
    With ``nothing_before`` (no event read yet), a reference with its own toll (أسفر الانفجار عن
    مقتل شخص) has nothing to refer to and is read as an event."""
    places = {view.index_at(e.start) for e in entities if e.type in PLACE_TYPES}
    kept: list[Trigger] = []
    every = [make_trigger(view, m) for m in longest_triggers(view, lexicon)]
    described = person_descriptions(view, entities, every)
    every = [t for t in every if not inside_any(described, t.start)]
    every = with_group_subjects(view, every, entities, kb)
    owners = date_owners(view, every)
    not_the_event = described_dates(view, described)
    for trig in every:
        event_type = decide(view, trig, places)
        if event_type is not None:
            trig.type = event_type
            kept.append(trig)
    assign_quantities(view, kept)
    kept = suppress_governed(kept)
    referring = [t for t in kept if _refers_back(view, t, places) and not (nothing_before and t.quantities)]
    own = [t for t in kept if t not in referring]
    clusters = cluster_triggers(own, view, owners)
    taken: set[int] = set()
    mentions = [build_mention(view, c, _range(view, clusters, n), entities, lexicon, kb, taken,
                              owners.foreign(c, _main_trigger(c), clusters) | not_the_event)
                for n, c in enumerate(clusters)]
    return mentions, referring


def with_group_subjects(view: SentenceView, triggers: list[Trigger], entities: list[EntityMention],
                        kb: KnowledgeBase | None) -> list[Trigger]:
    """Triggers that need an armed-group subject keep it, or are dropped without one."""
    kept: list[Trigger] = []
    for trig in triggers:
        if trig.entry.group_subject:
            trig.subject = group_subject(view, trig, entities, kb)
            if trig.subject is None:
                continue
        kept.append(trig)
    return kept


def _subject_actors(cluster: list[Trigger], actors: list[ActorRef]) -> list[ActorRef]:
    """The armed-group subject of a verb of the cluster as perpetrator, unless already an actor."""
    known = {(a.start, a.end) for a in actors}
    out: list[ActorRef] = []
    for trig in cluster:
        ent = trig.subject
        if ent is not None and (ent.start, ent.end) not in known:
            known.add((ent.start, ent.end))
            out.append(ActorRef(ent.text, "perpetrator", ent.kb_id, ent.start, ent.end))
    return out


def _refers_back(view: SentenceView, trig: Trigger, places: set[int]) -> bool:
    """الهجوم / الحادث with nothing new in its clause: a reference to an event told before."""
    if not (trig.anaphoric and trig.type in VIOLENT) or trig.factive:
        return False
    if trig.quantities:
        return not _clause_has_place_or_date(view, trig, places)
    return not has_anchor(view, trig, places)


def _clause_has_place_or_date(view: SentenceView, trig: Trigger, places: set[int]) -> bool:
    if any(view.clause_of[i] == trig.clause for i in places if i < len(view.tokens)):
        return True
    return any(view.clause_of[min(view.index_at(d.start), len(view.tokens) - 1)] == trig.clause for d in view.dates)


def cluster_triggers(triggers: list[Trigger], view: SentenceView | None = None,
                     owners: DateOwners | None = None) -> list[list[Trigger]]:
    """Group triggers that describe one event: same clause, compatible types, one set of figures,
    and not a new event coordinated after a date of the group (هجوم في مارس 2021، وتفجيرين ...)."""
    clusters: list[list[Trigger]] = []
    for trig in triggers:
        if clusters and _joins(clusters[-1], trig) and not _dated_apart(view, owners, clusters[-1], trig):
            clusters[-1].append(trig)
        else:
            clusters.append([trig])
    return clusters


def _dated_apart(view: SentenceView | None, owners: DateOwners | None, cluster: list[Trigger], trig: Trigger) -> bool:
    if view is None or owners is None:
        return False
    coordinated = trig.start > 0 and view.tokens[trig.start - 1].text in COMMA and \
        view.tokens[trig.start].text.startswith(COORDINATOR)
    return coordinated and any(cluster[-1].end <= at < trig.start for at in owners.positions_of(cluster))


def _joins(cluster: list[Trigger], trig: Trigger) -> bool:
    prev = cluster[-1]
    if trig.clause != prev.clause:
        return False
    types = {t.type for t in cluster} | {trig.type}
    if len(types) > 1 and not types <= {"attack", "claim"}:
        return False
    if trig.quantities and any(t.quantities for t in cluster):
        return False
    return True



def _range(view: SentenceView, clusters: list[list[Trigger]], n: int) -> EventRange:
    """Tokens of cluster ``n``: its clause, cut where the neighbouring clusters begin and end."""
    cluster = clusters[n]
    first, last = cluster[0], cluster[-1]
    lo = view.clause_of.index(first.clause)
    hi = len(view.clause_of) - view.clause_of[::-1].index(last.clause)
    if n > 0 and clusters[n - 1][-1].clause == first.clause:
        lo = clusters[n - 1][-1].end
    if n + 1 < len(clusters) and clusters[n + 1][0].clause == last.clause:
        hi = clusters[n + 1][0].start
    return EventRange(lo, hi, _main_trigger(cluster))


def _main_trigger(cluster: list[Trigger]) -> Trigger:
    for trig in cluster:
        if trig.type != "claim":
            return trig
    return cluster[0]


def _subtype(cluster: list[Trigger], event_type: str) -> str | None:
    typed = [t for t in cluster if t.subtype and t.entry.type == event_type]
    return max(typed, key=lambda t: t.entry.weight).subtype if typed else None


def build_mention(view: SentenceView, cluster: list[Trigger], rng: EventRange, entities: list[EntityMention],
                  lexicon: Lexicon, kb: KnowledgeBase | None, taken_dates: set[int],
                  foreign_dates: set[int] | None = None) -> EventMention:
    main = rng.trigger
    event_type = main.type
    doc, span = view.doc, view.span
    date = (date_of(view, rng, taken_dates | (foreign_dates or set()))
            or unresolved_weekday(view, rng, foreign_dates or set()) or earlier_date(doc, span) or report_date(view))
    if date is not None:
        taken_dates.add(id(date))
    places = named_places(entities, doc.text)
    place, place_text = locate(*place_of(view, rng, places, kb), view, places, kb)
    actors = actors_of(view, rng, entities, event_type)
    actors = _subject_actors(cluster, actors) + actors
    figures = figures_of(cluster)
    return EventMention(
        type=event_type, start=span.start, end=span.end, sentence=doc.text[span.start:span.end],
        subtype=_subtype(cluster, event_type), plover=lexicon.plover(event_type),
        trigger=view.text_of(main.start, main.end), trigger_start=view.tokens[main.start].start,
        date=date, location=place, location_text=place_text, actors=actors,
        killed=figures.get("killed"), injured=figures.get("injured"), arrested=figures.get("arrested"),
        kidnapped=figures.get("kidnapped"), sentenced=figures.get("sentenced"),
        attributed_to=attribution_of(view), perpetrator_text=perpetrator_text(actors),
        confidence=max(t.entry.weight for t in cluster))


def earlier_date(doc: Document, span: Span) -> TimeExpr | None:
    """The last resolved date before the sentence in the same paragraph (no line break between)."""
    best = None
    for d in doc.dates:
        if d.end <= span.start and d.value and "\n" not in doc.text[d.end:span.start]:
            best = d
    return best


def report_date(view: SentenceView) -> TimeExpr | None:
    """The publication day, for an undated event told as just happened (قبل قليل، منذ ساعات)."""
    published = view.doc.meta.published
    if not published or not view.cues.get("report_present"):
        return None
    day = published[:10]
    return TimeExpr(view.span.start, view.span.start, "", day, "day", day, day, relative=True)


def continues(view: SentenceView, referring: list[Trigger], distance: int) -> bool:
    """Whether a sentence without its own event adds to the previous one."""
    if distance > CONTINUE_SENTENCES or (distance > 1 and not referring):
        return False
    has_figures = any(q.category in FIGURE_CATEGORIES for q in view.quantities)
    claim = bool(view.cues.get("claim_verbs")) and bool(referring)
    return has_figures or claim or (bool(referring) and attribution_of(view) is not None)


def extend_mention(event: EventMention, view: SentenceView, referring: list[Trigger],
                   entities: list[EntityMention]) -> None:
    """Add the continuing sentence's figures, source and claim to ``event`` and widen its span."""
    for q in sorted(view.quantities, key=lambda q: q.start):
        category = q.category
        if category in CATEGORY_TYPES and event.type in CATEGORY_TYPES[category] and getattr(event, category) is None:
            setattr(event, category, q)
    if event.attributed_to is None:
        event.attributed_to = attribution_of(view)
    if event.type == "attack" and referring:
        rng = EventRange(0, len(view.tokens), referring[0])
        claimed = [a for a in actors_of(view, rng, entities, "attack") if a.role in ("claimed_by", "perpetrator")]
        _add_actors(event, claimed)
    event.end = view.span.end
    event.sentence = view.doc.text[event.start:event.end]


def _add_actors(event: EventMention, actors: list[ActorRef]) -> None:
    known = {(a.name, a.role) for a in event.actors}
    event.actors.extend(a for a in actors if (a.name, a.role) not in known)
    if event.perpetrator_text is None:
        event.perpetrator_text = perpetrator_text(event.actors)

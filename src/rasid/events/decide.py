"""Whether a trigger reports an event, and of which type, from the cues around it.

Not events: denials, hypotheticals, questions, capability commentary, metaphors (sports,
markets, verbal attacks), accidents, totals over many attacks, anniversaries, condemnations and
mourning without a toll of their own, and bare references back to an
event without anything new. Threats, warnings and plans of future attacks become ``threat``.
"""
from __future__ import annotations

from rasid.events.context import SentenceView, Trigger

VIOLENT = ("attack", "armed_clash")
GOVERNING = ("arrest", "legal_action", "plot_foiled", "designation", "threat")
TOTALS_WINDOW = 10
VERBAL_WINDOW = 3
REFERRING_CUES = ("reaction", "release", "commentary")
DENIED_AFTER_WINDOW = 6    # الهجوم المزعوم على القاعدة العسكرية في المدينة لم يحدث
SURVIVED_WINDOW = 4        # نجا وزير الداخلية من محاولة: the survivor sits between
COUNTED_EVENTS = 4         # أكثر من 300 هجوم: a count of attacks is a total; 3 تفجيرات بثلاث كنائس: one coordinated attack
REACTION_WINDOW = 8        # أعلنت الحكومة ... الحداد الوطني ثلاثة أيام على أرواح ضحايا الهجوم
SINCE_WINDOW = 4           # منذ عام 2015 هجمات: منذ and its date before the plural trigger


def has_support(view: SentenceView) -> bool:
    """A security word or a casualty figure in the sentence."""
    return bool(view.cues.get("support")) or bool(view.casualty_figures())


def is_metaphor(view: SentenceView, trig: Trigger) -> bool:
    if view.casualty_figures():
        return False
    if view.cues.get("domain_veto"):
        return True
    return view.cue_after("verbal_objects", trig.end, VERBAL_WINDOW) is not None


def is_denied(view: SentenceView, trig: Trigger) -> bool:
    if view.cue_before("negation_verbs", trig.start) is not None:
        return True
    if view.casualty_figures():
        return False       # a toll asserts the event: ولا يعد هجوم ... الذي راح ضحيته 135 negates the verb, not the attack
    return view.cue_before("negation_particles", trig.start, window=2) is not None


def is_total(view: SentenceView, trig: Trigger) -> bool:
    """A plural trigger summing many attacks (هجمات نفذها منذ 2015، منذ هجمات سبتمبر، تشهد منذ
    عام 2015 هجمات، هجمات متكررة)."""
    if view.cue_after("totals", trig.end, TOTALS_WINDOW) is not None:
        return True
    if view.cue_before("totals_since", trig.start, window=SINCE_WINDOW) is not None:
        return True
    return view.cue_before("totals_before", trig.start, window=1) is not None


def is_commemorated(view: SentenceView, trig: Trigger) -> bool:
    """An anniversary of a past event (الذكرى العشرين لهجمات); or, in a sentence without a casualty
    figure of its own, a reaction to one (أدانت الهجوم، الحداد على أرواح ضحايا الهجوم), the release
    that ends it (أفرجت عن ... كانت قد اختطفتهم) or commentary (يرى محللون أن الهجمات)."""
    if view.cue_before("anniversary", trig.start, window=REACTION_WINDOW) is not None:
        return True
    if view.cue_after("denied_after", trig.end, DENIED_AFTER_WINDOW) is not None:
        return True
    return not view.casualty_figures() and any(
        view.cue_before(name, trig.start, window=REACTION_WINDOW) is not None for name in REFERRING_CUES)


def _counted_events(view: SentenceView, trig: Trigger) -> bool:
    """A number of at least four right before the trigger counts attacks (أكثر من 300 هجوم)."""
    return any(q.value is not None and q.value >= COUNTED_EVENTS and q.category is None
               and view.index_at(q.end - 1) == trig.start - 1 for q in view.quantities)


def is_unasserted(view: SentenceView, trig: Trigger) -> bool:
    """Hypothetical, denied, or capability talk, unless presupposed by a factive relative clause;
    commemorations and reactions even then."""
    if is_commemorated(view, trig):
        return True
    if trig.factive:
        return False
    if view.cue_before("hypothetical", trig.start) is not None:
        return True
    if view.cue_before("ability", trig.start, window=4) is not None:
        return True
    return is_denied(view, trig)


def is_threat(view: SentenceView, trig: Trigger) -> bool:
    if trig.factive:
        return False
    cue = view.cue_before("threat", trig.start)
    if cue is not None:
        return view.cue_before("survived", cue.start, window=SURVIVED_WINDOW) is None   # نجا الوزير من محاولة اغتيال
    return view.cue_after("threat_after", trig.end, 1) is not None


def has_anchor(view: SentenceView, trig: Trigger, places: set[int]) -> bool:
    """Something new about the event in its clause: a figure, a date or a place."""
    clause = trig.clause
    if any(view.clause_of[min(view.index_at(q.start), len(view.tokens) - 1)] == clause
           for q in view.casualty_figures()):
        return True
    if any(view.clause_of[min(view.index_at(d.start), len(view.tokens) - 1)] == clause for d in view.dates):
        return True
    return any(view.clause_of[i] == clause for i in places)


def violent_type(view: SentenceView, trig: Trigger, places: set[int]) -> str | None:
    """The type an attack or clash trigger keeps after its context, or None."""
    if trig.entry.ambiguous and not has_support(view):
        return None
    if is_metaphor(view, trig) or view.cues.get("accident"):
        return None
    if is_unasserted(view, trig):
        return None
    if is_threat(view, trig):
        return "threat"
    if _counted_events(view, trig):
        return None
    if trig.entry.plural and (is_total(view, trig) or not has_anchor(view, trig, places)):
        return None
    return trig.type


def other_type(view: SentenceView, trig: Trigger) -> str | None:
    """The type a non-violent trigger (arrest, trial, designation, claim, threat, protest) keeps."""
    if trig.entry.ambiguous and not has_support(view):
        return None
    if is_unasserted(view, trig):
        return None
    if trig.type == "claim" and not _is_claim(view, trig):
        return None
    return trig.type


def _is_claim(view: SentenceView, trig: Trigger) -> bool:
    """مسؤولية counts only after a claim verb (أعلن ... مسؤوليته); تبنى counts alone."""
    if trig.entry.form == "verb":
        return True
    return view.cue_before("claim_verbs", trig.start, window=10) is not None


def decide(view: SentenceView, trig: Trigger, places: set[int]) -> str | None:
    """The event type this trigger reports in its sentence, or None when it reports none."""
    if view.is_question():
        return None
    if trig.type in VIOLENT:
        return violent_type(view, trig, places)
    return other_type(view, trig)


def suppress_governed(triggers: list[Trigger]) -> list[Trigger]:
    """Drop attacks that are only the object of an arrest, trial, plot or threat in the same clause
    (اعتقل مشتبها به في تفجير ...) unless they bring their own casualty figures."""
    kept: list[Trigger] = []
    for trig in triggers:
        governed = any(o.clause == trig.clause and o.start < trig.start and o.type in GOVERNING for o in kept)
        if trig.type in VIOLENT and governed and not trig.quantities:
            continue
        kept.append(trig)
    return kept

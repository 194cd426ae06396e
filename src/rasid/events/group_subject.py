"""The armed group that is the subject of a killing verb (قتل، قتلت).

Active «قتل» is spelled like passive «قُتل» (was killed), so such a verb reports an attack only
when an armed group is its subject and a casualty figure follows it:
    قتل التنظيم 12 جنديا                  (subject right after the verb)
    التنظيم قتل 12 جنديا                  (subject right before it)
    تنظيم X في بلد ما، الذي قتل 12 جنديا   (through a relative pronoun; places and a comma may sit
                                           between the group and the pronoun)
A toll summed over a period (قتل التنظيم الآلاف خلال سنوات) is no single attack.
An armed group is an ORG entity whose KB entry has kind ``armed_group``.
"""
from __future__ import annotations

from rasid.events.arguments import PLACE_TYPES, KnowledgeBase
from rasid.events.context import COMMA, SentenceView, Trigger
from rasid.events.decide import is_total
from rasid.model import EntityMention

SUBJECT_WINDOW = 6          # tokens between the group and the verb (or its relative pronoun)
ARMED_GROUP = "armed_group"


def group_subject(view: SentenceView, trig: Trigger, entities: list[EntityMention],
                  kb: KnowledgeBase | None) -> EntityMention | None:
    """The armed group subject of ``trig``, when a casualty figure follows the verb; else None."""
    if kb is None or not _figure_after(view, trig.end) or is_total(view, trig):
        return None
    after = _entity_right_after(view, trig.end, entities)
    if after is not None and is_armed_group(after, kb):
        return after
    before = _entity_before(view, _antecedent_end(view, trig.start), entities)
    return before if before is not None and is_armed_group(before, kb) else None


def is_armed_group(ent: EntityMention, kb: KnowledgeBase) -> bool:
    entry = kb.get(ent.kb_id) if ent.type == "ORG" and ent.kb_id else None
    return getattr(entry, "kind", None) == ARMED_GROUP


def _figure_after(view: SentenceView, i: int) -> bool:
    return any(view.index_at(q.start) >= i for q in view.casualty_figures())


def _antecedent_end(view: SentenceView, i: int) -> int:
    """Token index where the subject phrase must end: before a relative pronoun and its comma."""
    if any(m.end == i for m in view.cues.get("relative_pronouns", ())):
        i = next(m.start for m in view.cues["relative_pronouns"] if m.end == i)
        if i > 0 and view.tokens[i - 1].text in COMMA:
            i -= 1
    return i


def _entity_right_after(view: SentenceView, i: int, entities: list[EntityMention]) -> EntityMention | None:
    if i >= len(view.tokens):
        return None
    at = view.tokens[i].start
    return next((e for e in entities if e.start == at), None)


def _entity_before(view: SentenceView, i: int, entities: list[EntityMention]) -> EntityMention | None:
    """The nearest non-place entity ending before token ``i`` within the window, passing over places."""
    if i <= 0:
        return None
    lo = view.tokens[max(i - SUBJECT_WINDOW, 0)].start
    hi = view.tokens[i - 1].end
    found = [e for e in entities if lo <= e.start and e.end <= hi and e.type not in PLACE_TYPES]
    return max(found, key=lambda e: e.end) if found else None

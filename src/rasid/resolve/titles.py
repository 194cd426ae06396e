"""The article's title as evidence for its lead incident (resolution only).

A news title usually names the lead incident's place («... دهس في مونستر»), often more precisely
than the body's event gave it (a country from «ألمانيا», a demonym from «المرصد السوري»). Only the
title's KB places are kept (``title_place_matches``: ids, no text), so a corpus of titles costs a
few short strings per article. The places count only when they are corroborated
(``corroborated_title_places``): a curated, several-word or country name, or an imported one-word
name (often a common word: «وكالة»، «كبرى») that the body links too or whose country the title or
body names. Title word overlap is not used: it is what the labelled sets were built from.

Three uses, for the lead unit of a news report only (``background.lead_unit``):

- ``placed_in_title``: among the events of the opening sentence on the lead's day, one placed
  where the title says leads (a raid in the title's town before a bombing read in the capital);
- ``refined_place``: a lead placed nowhere, by a demonym, at a country, at a site the KB does not
  know or at a KB region takes the most precise title place that lies within it (or, for the site,
  in its country);
- ``titles_agree``: two leads whose titles name the same KB place below country level, or one
  within the other, get ``title_place_shared`` (policy.json) as extra evidence.

A title that names two towns (or two regions, as its most precise places) does not say which is
the incident's («موسكو ودمشق تتهمان ...»: capitals as speakers): it places nothing.
"""
from __future__ import annotations

from typing import Any, Iterable

from rasid.resolve.kbview import KBView
from rasid.resolve.keys import name_key
from rasid.resolve.places import is_demonym_place
from rasid.resolve.records import MentionRecord, PlaceKey, entity_ref

TitlePlace = tuple[str, bool]        # (KB id, weak: an imported one-word name)
TITLE_PLACES_FIELD = "title_places"
PLACE_LEVELS = ("site", "city", "region", "country")
FINE_LEVELS = frozenset({"site", "city", "region"})


def title_place_matches(title: str | None) -> tuple[TitlePlace, ...]:
    """The KB places a title names, in title order, each once (empty without a title)."""
    if not title or not title.strip():
        return ()
    from rasid.entities.kb import get_kb      # the packaged KB, loaded once, only when titles are read

    found: dict[str, bool] = {}
    for match in get_kb().find_in_text(title):
        if match.entry.level in PLACE_LEVELS:
            found.setdefault(match.entry.id, bool(match.weak))
    return tuple(found.items())


def article_title_places(article: dict[str, Any]) -> tuple[TitlePlace, ...]:
    """The title places kept by ``inputs.slim_article``, else read from the article's title."""
    if TITLE_PLACES_FIELD in article:
        return tuple((str(kb_id), bool(weak)) for kb_id, weak in article[TITLE_PLACES_FIELD])
    return title_place_matches(article.get("title"))


def corroborated_title_places(matches: Iterable[TitlePlace], reading: dict[str, Any],
                              view: KBView) -> tuple[str, ...]:
    """The KB ids of the title places that count (see the module note), known to ``view``."""
    matches = [(kb_id, weak) for kb_id, weak in matches if view.known(kb_id)]
    if not matches:
        return ()
    body = {kb_id for kb_id in (entity_ref(e) for e in reading.get("entities") or []) if kb_id and view.known(kb_id)}
    strong = [kb_id for kb_id, weak in matches if not weak]
    countries = {view.country(kb_id) for kb_id in list(body) + strong} - {None}
    return tuple(kb_id for kb_id, weak in matches
                 if not weak or kb_id in body or view.country(kb_id) in countries)


def place_key_of(kb_id: str, view: KBView) -> PlaceKey | None:
    entry = view.entry(kb_id)
    if entry is None:
        return None
    name = entry.name_ar or ""
    return PlaceKey(kb_id, name_key(name) if name else "", name, view.country(kb_id), entry.level,
                    entry.lat, entry.lon)


def _level(kb_id: str, view: KBView) -> str | None:
    entry = view.entry(kb_id)
    return entry.level if entry else None


def _unknown_site(place: PlaceKey) -> bool:
    """A site the KB does not know («مقر المحافظة»): it may lie in any town of its country."""
    return place.precision == "site" and not place.kb_id


def _fits(place: PlaceKey | None, kb_id: str, view: KBView) -> bool:
    """A title place that may stand for ``place``: within it, or anything when it tells nothing."""
    if place is None or is_demonym_place(place):
        return True
    if place.precision == "country" or (not place.key and not place.kb_id) or _unknown_site(place):
        return bool(place.country) and view.country(kb_id) == place.country and kb_id != place.kb_id
    if place.precision == "region" and place.kb_id:
        return kb_id != place.kb_id and view.within(kb_id, place.kb_id)
    return False


def refined_place(place: PlaceKey | None, title_ids: tuple[str, ...], view: KBView) -> PlaceKey | None:
    """The lead's place, or the most precise title place within it when it is coarse (see module note)."""
    for level in ("site", "city", "region"):
        named = [kb_id for kb_id in title_ids if _level(kb_id, view) == level]
        fitting = [kb_id for kb_id in named if _fits(place, kb_id, view)]
        if len(named) == 1 and fitting:
            return place_key_of(fitting[0], view) or place
        if fitting:
            return place        # two towns named («موسكو ودمشق تتهمان ...»): which is the incident's is not known
    return place


def placed_in_title(record: MentionRecord, view: KBView) -> bool:
    """A record placed at a title place below country level, or within one (a lead candidate)."""
    place = record.place
    if place is None or not place.kb_id:
        return False
    return any(_level(t, view) in FINE_LEVELS and (t == place.kb_id or view.twins(t, place.kb_id)
                                                   or view.within(place.kb_id, t))
               for t in record.title_places)


def lead_title_places(title_ids: tuple[str, ...], view: KBView) -> list[str]:
    """The title's most precise places below country level, when it names one at that level
    (a title naming two towns does not say which is the incident's)."""
    for level in ("site", "city", "region"):
        named = [kb_id for kb_id in title_ids if _level(kb_id, view) == level]
        if named:
            return named if len(named) == 1 else []
    return []


def titles_agree(a: tuple[str, ...], b: tuple[str, ...], view: KBView) -> bool:
    """Two titles whose most precise places (``lead_title_places``) are one place, or one within the other."""
    return any(x == y or view.twins(x, y) or view.within(x, y) or view.within(y, x)
               for x in lead_title_places(a, view) for y in lead_title_places(b, view))

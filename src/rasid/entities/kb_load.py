"""Loading the knowledge base's data files: curated records, state templates, generated places, UN list.

Files (schema in docs/DATA.md): ``armed_groups.jsonl``, ``institutions.jsonl``, ``people.jsonl``,
``places.jsonl`` (curated); ``state_security.json`` (ministries, armies, police of many states, from
templates); ``country_aliases.json``; ``generated/places.tsv`` and ``generated/un_sanctions.jsonl``
(written by ``python -m rasid.entities.build_kb``). :func:`load_entries` returns every entry, validated.
"""
from __future__ import annotations

from rasid.entities.kb_schema import (KBEntry, _fail, entry_from_record, read_jsonl, read_places_tsv,
                                      template_records)
from rasid.errors import ResourceError
from rasid.resources import data_path, load_json

CURATED_FILES = ("kb/armed_groups.jsonl", "kb/institutions.jsonl", "kb/people.jsonl", "kb/places.jsonl")
GENERATED_PLACES = "kb/generated/places.tsv"
GENERATED_UN = "kb/generated/un_sanctions.jsonl"


def _optional(name: str) -> bool:
    try:
        data_path(name)
    except ResourceError:
        return False
    return True


def load_entries() -> list[KBEntry]:
    """Every record of every knowledge-base data file, validated."""
    entries = []
    for name in CURATED_FILES:
        entries.extend(entry_from_record(rec, name, where) for rec, where in read_jsonl(name))
    entries.extend(entry_from_record(rec, "kb/state_security.json", where) for rec, where in template_records())
    if not _optional(GENERATED_PLACES):
        raise ResourceError("the generated gazetteer is missing; run python -m rasid.entities.build_kb",
                            source=f"rasid/data/{GENERATED_PLACES}")
    places = read_places_tsv(GENERATED_PLACES)
    _add_country_aliases(places)
    entries = places + entries
    if _optional(GENERATED_UN):
        entries.extend(_un_entries(entries))
    return entries


def _add_country_aliases(places: list[KBEntry]) -> None:
    data = load_json("kb/country_aliases.json")
    by_id = {e.id: e for e in places}
    for iso2, aliases in data.get("aliases", {}).items():
        e = by_id.get(f"gpe:{iso2}")
        if e is None:
            raise _fail("kb/country_aliases.json", iso2, "no such country in the generated gazetteer")
        e.curated = True
        if aliases:
            e.aliases_ar = [e.name_ar] + [a for a in e.aliases_ar if a != aliases[0]]
            e.name_ar = aliases[0]
        e.aliases_ar.extend(a for a in aliases[1:] if a not in e.aliases_ar)


def _un_entries(known: list[KBEntry]) -> list[KBEntry]:
    """UN list entries; those marked ``same_as`` a curated id give it their designations and names."""
    by_id = {e.id: e for e in known}
    out = []
    for rec, where in read_jsonl(GENERATED_UN):
        same = rec.get("same_as")
        entry = entry_from_record({**rec, "curated": False}, GENERATED_UN, where)
        target = by_id.get(same) if same else None
        if target is None:
            out.append(entry)
            continue
        target.designations.extend(d for d in entry.designations if d not in target.designations)
        target.aliases_en.extend(a for a in entry.aliases_en if a not in target.aliases_en)
    return out

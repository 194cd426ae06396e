"""Knowledge-base records: the entry types and the validation of every data file's records.

A record is a dict read from ``rasid/data/kb/`` (schema in docs/DATA.md); :func:`entry_from_record`
checks it and builds a :class:`KBEntry`; a bad record raises ``ResourceError`` naming the file and
the record. :func:`read_places_tsv` reads the machine-written gazetteer on a fast path.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from rasid.errors import ResourceError
from rasid.resources import data_path, load_json

TYPES = frozenset({"ORG", "PER", "GPE", "LOC", "FAC"})
LEVELS = frozenset({"country", "region", "city", "site"})
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
PLACE_COLUMNS = ("id", "type", "kind", "level", "name_ar", "name_en", "aliases_ar", "parent",
                 "country", "lat", "lon", "population")

@dataclass(frozen=True, slots=True)
class Designation:
    by: str
    kind: str
    date: str | None


@dataclass(slots=True)
class KBEntry:
    id: str
    type: str
    kind: str
    name_ar: str
    name_en: str | None = None
    aliases_ar: list[str] = field(default_factory=list)
    aliases_en: list[str] = field(default_factory=list)
    parent: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    level: str | None = None
    designations: list[Designation] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    population: int = 0
    curated: bool = True

    @property
    def is_place(self) -> bool:
        return self.type in PLACE_TYPES

    def names(self) -> list[str]:
        return [self.name_ar, *self.aliases_ar, *(n for n in [self.name_en] if n), *self.aliases_en]


@dataclass(frozen=True, slots=True)
class KBMatch:
    """A known name found in a text: ``text[start:end]`` is ``entry``."""

    start: int
    end: int
    entry: KBEntry
    text: str = ""
    head: str | None = None
    weak: bool = False


def _fail(source: str, record: str, message: str) -> ResourceError:
    return ResourceError(f"record {record}: {message}; fix the data file", source=f"rasid/data/{source}")


def _str_list(value: Any, source: str, rid: str, key: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(source, rid, f"{key} must be a list of strings")
    return [v for v in value if v.strip()]


def _coord(value: Any, limit: float, source: str, rid: str) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise _fail(source, rid, f"coordinate {value!r} is not a number") from None
    if not -limit <= number <= limit:
        raise _fail(source, rid, f"coordinate {number} out of range")
    return number


def _designations(value: Any, source: str, rid: str) -> list[Designation]:
    out = []
    for d in value or []:
        if not isinstance(d, dict) or not d.get("by") or not d.get("kind"):
            raise _fail(source, rid, "each designation needs 'by' and 'kind'")
        date = d.get("date")
        if date is not None and (not isinstance(date, str) or len(date) < 4 or not date[:4].isdigit()):
            raise _fail(source, rid, f"designation date {date!r} is not an ISO date")
        out.append(Designation(str(d["by"]), str(d["kind"]), date))
    return out


def entry_from_record(rec: dict[str, Any], source: str, where: str) -> KBEntry:
    """Validate one record (a dict from a data file) and build its entry."""
    rid = str(rec.get("id") or where)
    for key in ("id", "type", "name_ar"):
        if not isinstance(rec.get(key), str) or not rec[key].strip():
            raise _fail(source, rid, f"missing or empty '{key}'")
    if rec["type"] not in TYPES:
        raise _fail(source, rid, f"type {rec['type']!r} not in {sorted(TYPES)}")
    level = rec.get("level") or None
    if level is not None and level not in LEVELS:
        raise _fail(source, rid, f"level {level!r} not in {sorted(LEVELS)}")
    country = rec.get("country") or None
    if country is not None and (not isinstance(country, str) or len(country) != 2):
        raise _fail(source, rid, f"country {country!r} is not an ISO2 code")
    return KBEntry(
        id=rec["id"], type=rec["type"], kind=str(rec.get("kind") or rec["type"].lower()),
        name_ar=rec["name_ar"], name_en=rec.get("name_en") or None,
        aliases_ar=_str_list(rec.get("aliases_ar"), source, rid, "aliases_ar"),
        aliases_en=_str_list(rec.get("aliases_en"), source, rid, "aliases_en"),
        parent=rec.get("parent") or None, country=country,
        lat=_coord(rec.get("lat"), 90, source, rid), lon=_coord(rec.get("lon"), 180, source, rid),
        level=level, designations=_designations(rec.get("designations"), source, rid),
        affiliations=_str_list(rec.get("affiliations"), source, rid, "affiliations"),
        population=int(rec.get("population") or 0), curated=bool(rec.get("curated", True)),
    )


def read_jsonl(name: str) -> list[tuple[dict[str, Any], str]]:
    """Records of a packaged JSON Lines file with their line label (for error messages)."""
    out = []
    text = data_path(name).read_text(encoding="utf-8")
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError as exc:
            raise _fail(name, f"line {n}", f"invalid JSON ({exc})") from exc
        if not isinstance(rec, dict):
            raise _fail(name, f"line {n}", "not a JSON object")
        out.append((rec, f"line {n}"))
    return out


def read_places_tsv(name: str) -> list[KBEntry]:
    """Entries of the generated gazetteer (tab-separated, columns PLACE_COLUMNS, '|' lists).

    A fast path: the file is machine-written, so each row is checked for its column count,
    type, level and coordinates only.
    """
    lines = data_path(name).read_text(encoding="utf-8").splitlines()
    if not lines or tuple(lines[0].split("\t")) != PLACE_COLUMNS:
        raise ResourceError("bad header; rebuild with python -m rasid.entities.build_kb", source=f"rasid/data/{name}")
    out = []
    for n, line in enumerate(lines[1:], 2):
        cells = line.split("\t")
        if len(cells) != len(PLACE_COLUMNS):
            raise _fail(name, f"line {n}", f"expected {len(PLACE_COLUMNS)} columns")
        pid, ptype, kind, level, name_ar, name_en, aliases, parent, country, lat, lon, pop = cells
        if ptype not in TYPES or level not in LEVELS or not pid or not name_ar:
            raise _fail(name, pid or f"line {n}", "bad id, type, level or name")
        out.append(KBEntry(pid, ptype, kind, name_ar, name_en or None, aliases.split("|") if aliases else [],
                           [], parent or None, country or None, _coord(lat, 90, name, pid),
                           _coord(lon, 180, name, pid), level, population=int(pop or 0), curated=False))
    return out


def template_records() -> list[tuple[dict[str, Any], str]]:
    """Ministries, armies, police and governments of the states in ``state_security.json``."""
    data = load_json("kb/state_security.json")
    out = []
    for c in data.get("countries", []):
        for t in data.get("templates", []):
            out.append((_template_record(t, c), f"{t.get('prefix')}:{c.get('iso2')}"))
    return out


def _template_record(t: dict[str, Any], c: dict[str, Any]) -> dict[str, Any]:
    fills = [(c["m"], c["f"])] + list(zip(c.get("m_alt", []), c.get("f_alt", [])))
    aliases: list[str] = []
    for pattern in t["patterns"]:
        adjective = "{m}" in pattern or "{f}" in pattern
        if adjective and c.get("ambiguous_adjective"):
            continue
        for m, f in (fills if adjective else fills[:1]):
            aliases.append(pattern.format(m=m, f=f, c=c["c"]))
    return {"id": f"{t['prefix']}:{c['iso2']}", "type": "ORG", "kind": t["kind"],
            "name_ar": aliases[0] if aliases else t["patterns"][0].format(m=c["m"], f=c["f"], c=c["c"]),
            "name_en": t["name_en"].format(en=c["en"]), "aliases_ar": aliases[1:],
            "parent": f"gpe:{c['iso2']}", "country": c["iso2"]}

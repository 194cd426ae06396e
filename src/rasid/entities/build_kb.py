"""Importers: build the generated knowledge-base files from ``../shared/data``.

    python -m rasid.entities.build_kb --shared /work/shared [--out src/rasid/data/kb/generated]

Writes ``places.tsv`` (countries, provinces and cities with Arabic names, coordinates, parents)
from GeoNames and Natural Earth, and ``un_sanctions.jsonl`` (the UN Security Council
consolidated list: entities and individuals with Arabic names, aliases and listing dates).
Run it again whenever the source data or the curated files change; it is deterministic.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rasid.entities.cues import get_cues, without_article
from rasid.entities.kb_load import CURATED_FILES
from rasid.entities.kb_schema import PLACE_COLUMNS, read_jsonl
from rasid.entities.link import get_rules, name_key
from rasid.entities.positions import direction_words
from rasid.entities.place_parents import (CAPITAL_KIND, Town, folded_latin, is_city_unit, parents_in_country,
                                         town_from_dump_row)
from rasid.errors import InputError, UsageError

GEONAMES = "data/gazetteer/geonames"
NATURAL_EARTH = "data/gazetteer/naturalearth_admin1/admin1_arabic_names.tsv"
UN_XML = "data/kb/un_sanctions/consolidated_2020-11-30.xml"
UN_BY = "UN Security Council"
ARABIC_RUN = re.compile(r"[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff\u064b-\u065f][\u0621-\u06ff\s\-]*[\u0621-\u06ff]")
ARABIC_ONLY = re.compile(r"^[\u0600-\u06ff\s\-]+$")
NAME_SEPARATORS = re.compile(r"[،,|]")
CAPITAL_FEATURE = "PPLC"         # GeoNames feature code of a national capital
GEONAMES_DUMP = "cities15000.txt"  # the full dump: admin-1 and admin-2 codes of every town


@dataclass(slots=True)
class Place:
    id: str
    kind: str
    level: str
    name_ar: str
    name_en: str
    country: str
    lat: float | None
    lon: float | None
    aliases_ar: list[str] = field(default_factory=list)
    parent: str | None = None
    population: int = 0
    city_unit: bool = False          # a province that is one city (Natural Earth type: Urban county ...)

    def row(self) -> list[str]:
        coord = (lambda v: "" if v is None else f"{v:.4f}")
        return [self.id, "GPE", self.kind, self.level, self.name_ar, self.name_en, "|".join(self.aliases_ar),
                self.parent or "", self.country, coord(self.lat), coord(self.lon), str(self.population)]


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a tab-separated file with a header line ('#' allowed before the header)."""
    if not path.exists():
        raise InputError(f"missing source file {path}; pass --shared pointing at the shared folder")
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [ln.lstrip("#") if i == 0 else ln for i, ln in enumerate(fh)]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def arabic_names(cell: str) -> list[str]:
    """The Arabic-script names in a cell holding several names separated by | , or ،."""
    out = []
    for part in NAME_SEPARATORS.split(cell or ""):
        part = " ".join(part.split())
        if part and ARABIC_ONLY.match(part) and part not in out:
            out.append(part)
    return out


# Letters of Persian, Urdu, Kurdish or Uyghur spelling that Arabic does not use; and a word start
# (hamza on yeh) that Arabic spelling never has but Uyghur's does («ئاممان» for Amman).
NON_ARABIC_LETTERS = frozenset("ەۆێڕڵھہۇۈۋېٹڈڑںےۓکی")
ARABIC_DIACRITICS = re.compile(r"[\u064b-\u0652\u0670]")


def arabic_display_order(names: list[str]) -> list[str]:
    """``names`` with an Arabic display name first. When the first is spelled in another
    language's letters (Persian/Urdu/Kurdish/Uyghur letters, or a word starting with «ئ»), the
    spelling most of the Arabic-spelled names share once diacritics are dropped takes its place
    (ئاممان | امان | عمان | عمّان | عَمّان → عمان), written without them if one is; the others keep
    their order. A first name spelled as Arabic is kept; names that are all foreign keep their order."""
    arabic = [n for n in names if _spelled_as_arabic(n)]
    if not arabic or arabic[0] == names[0]:
        return list(names)
    groups: dict[str, list[str]] = {}
    for name in arabic:
        groups.setdefault(ARABIC_DIACRITICS.sub("", name), []).append(name)
    key = max(groups, key=lambda k: len(groups[k]))       # first of the largest: max keeps the first on ties
    best = key if key in groups[key] else groups[key][0]
    return [best] + [n for n in names if n != best]


def _spelled_as_arabic(name: str) -> bool:
    return not NON_ARABIC_LETTERS & set(name) and not any(w.startswith("ئ") for w in name.split())


def without_place_head(name: str) -> str | None:
    """``name`` without a leading place head word (محافظة، ولاية، مدينة ...), or None."""
    rules = get_rules()
    words = name.split()
    if len(words) > 1 and name_key(words[0]) in rules.place_heads:
        return " ".join(words[1:])
    if len(words) > 1 and name_key(words[0]).startswith("ال") and name_key(words[0])[2:] in rules.place_heads:
        return " ".join(words[1:])
    return None


def with_head_free_aliases(names: list[str]) -> list[str]:
    """``names`` plus each name without its place head, unless what remains is a nationality
    adjective (المنطقة الصومالية does not give الصومالية) or an indefinite direction word (إقليم شمالي
    does not give شمالي; definite ones are generic_place_words of the linker: الشرقية)."""
    out = list(names)
    cues = get_cues()
    demonyms = cues.demonyms - cues.ambiguous_demonyms
    directions = direction_words()
    for n in names:
        bare = without_place_head(n)
        if bare and bare not in out and without_article(name_key(bare)) not in demonyms \
                and not (name_key(bare) in directions and without_article(name_key(bare)) == name_key(bare)):
            out.append(bare)
    return out


# ---------------------------------------------------------------- countries and provinces

def load_countries(shared: Path) -> dict[str, Place]:
    rows = read_tsv(shared / GEONAMES / "countries_ar.tsv")
    out = {}
    for r in rows:
        iso2 = r["iso2"].strip()
        if len(iso2) == 2 and r["name_ar"].strip():
            out[iso2] = Place(f"gpe:{iso2}", "country", "country", r["name_ar"].strip(),
                              r["name_en_geonames"].strip(), iso2, None, None)
    return out


def load_provinces(shared: Path, countries: dict[str, Place]) -> list[Place]:
    out, seen = [], set()
    for r in read_tsv(shared / NATURAL_EARTH):
        iso = r["iso_3166_2"].strip()
        country = iso.split("-")[0]
        names = arabic_display_order(arabic_names(r["name_ar"]))
        if country not in countries or not names:
            continue
        pid = f"gpe:{iso}" if re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", iso) and iso not in seen else f"gpe:ne-{r['adm1_code']}"
        seen.add(iso)
        p = Place(pid, "province", "region", names[0], r["name"].strip(), country,
                  _float(r["latitude"]), _float(r["longitude"]), parent=countries[country].id)
        p.aliases_ar = [a for a in with_head_free_aliases(names) if a != p.name_ar]
        p.city_unit = is_city_unit(r["type_en"])
        out.append(p)
    return out


def _float(text: str) -> float | None:
    try:
        return round(float(text), 4)
    except ValueError:
        return None


def place_countries_at_centroids(countries: dict[str, Place], provinces: list[Place], cities: list[Place]) -> None:
    """A country's point: the mean of its provinces' label points, else its largest city."""
    points = defaultdict(list)
    for p in provinces:
        if p.lat is not None and p.lon is not None:
            points[p.country].append((p.lat, p.lon))
    biggest = {}
    for c in sorted(cities, key=lambda c: c.population):
        biggest[c.country] = c
    for iso2, country in countries.items():
        pts = points.get(iso2)
        if pts:
            country.lat = round(sum(p[0] for p in pts) / len(pts), 4)
            country.lon = round(sum(p[1] for p in pts) / len(pts), 4)
        elif iso2 in biggest:
            country.lat, country.lon = biggest[iso2].lat, biggest[iso2].lon


# ---------------------------------------------------------------- cities

@dataclass(slots=True)
class CityRow:
    place: Place
    admin1: str


def load_cities(shared: Path, countries: dict[str, Place]) -> list[CityRow]:
    out = []
    for r in read_tsv(shared / GEONAMES / "cities15000_arabic_names.tsv"):
        names = arabic_display_order(arabic_names(r["arabic_script_names_excluding_persian_urdu_letters"]))
        cc = r["country_code"].strip()
        if not names or cc not in countries:
            continue
        kind = CAPITAL_KIND if r["feature_code"].strip() == CAPITAL_FEATURE else "city"
        p = Place(f"gpe:g{r['geonameid']}", kind, "city", names[0], r["name"].strip(), cc,
                  _float(r["latitude"]), _float(r["longitude"]), population=int(r["population"] or 0))
        p.aliases_ar = [a for a in with_head_free_aliases(names) if a != p.name_ar]
        out.append(CityRow(p, r["admin1_code"].strip()))
    return out


def load_towns(shared: Path) -> list[Town]:
    """Every town of the GeoNames dump (19 tab-separated columns, no header) with its admin codes."""
    path = shared / GEONAMES / GEONAMES_DUMP
    if not path.exists():
        raise InputError(f"missing source file {path}; pass --shared pointing at the shared folder")
    with path.open(encoding="utf-8") as fh:
        return [town_from_dump_row(line.rstrip("\n").split("\t"), f"{path} line {n}") for n, line in enumerate(fh, 1)]


def attach_cities(cities: list[CityRow], provinces: list[Place], countries: dict[str, Place],
                  towns: list[Town]) -> None:
    """Parent of each city: the Natural Earth province matched to its GeoNames admin group
    (:mod:`rasid.entities.place_parents`), else its country."""
    provinces_of: dict[str, list[Place]] = defaultdict(list)
    for p in provinces:
        if p.lat is not None and p.lon is not None:
            provinces_of[p.country].append(p)
    towns_of: dict[str, list[Town]] = defaultdict(list)
    for t in towns:
        towns_of[t.country].append(t)
    cities_of: dict[str, list[CityRow]] = defaultdict(list)
    for c in cities:
        cities_of[c.place.country].append(c)
    for cc, rows in cities_of.items():
        town_by_id = {t.geonameid: t for t in towns_of.get(cc, [])}
        pairs = [(c.place, town_by_id.get(c.place.id.removeprefix("gpe:g")) or _town_of(c)) for c in rows]
        candidates = provinces_of.get(cc, [])
        city_units = frozenset(p.id for p in candidates if p.city_unit)
        parents = parents_in_country(pairs, towns_of.get(cc, []), candidates, city_units) if candidates else {}
        for c in rows:
            c.place.parent = parents.get(c.place.id) or countries[cc].id


def _town_of(city: CityRow) -> Town:
    """A city absent from the dump as a town of its own (no admin-2 code)."""
    p = city.place
    return Town(p.id.removeprefix("gpe:g"), p.country, city.admin1, "", (p.lat or 0.0, p.lon or 0.0),
                (folded_latin(p.name_en),), "", p.population)


def build_places(shared: Path) -> list[Place]:
    countries = load_countries(shared)
    provinces = load_provinces(shared, countries)
    city_rows = load_cities(shared, countries)
    attach_cities(city_rows, provinces, countries, load_towns(shared))
    cities = [c.place for c in city_rows]
    place_countries_at_centroids(countries, provinces, cities)
    return [*countries.values(), *provinces, *cities]


def write_places(places: list[Place], out: Path) -> None:
    with out.open("w", encoding="utf-8", newline="") as fh:
        fh.write("\t".join(PLACE_COLUMNS) + "\n")
        for p in places:
            fh.write("\t".join(cell.replace("\t", " ") for cell in p.row()) + "\n")


# ---------------------------------------------------------------- UN sanctions list

def _text(el: ET.Element, tag: str) -> str:
    found = el.find(tag)
    return " ".join((found.text or "").split()) if found is not None and found.text else ""


def un_records(xml_path: Path) -> list[dict]:
    if not xml_path.exists():
        raise InputError(f"missing source file {xml_path}; pass --shared pointing at the shared folder")
    root = ET.parse(xml_path).getroot()
    out = []
    for el in root.iter("INDIVIDUAL"):
        out.append(_un_record(el, "PER", "sanctioned_individual", "INDIVIDUAL_ALIAS"))
    for el in root.iter("ENTITY"):
        out.append(_un_record(el, "ORG", "sanctioned_entity", "ENTITY_ALIAS"))
    return out


def _un_record(el: ET.Element, etype: str, kind: str, alias_tag: str) -> dict:
    parts = [_text(el, t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
    name_en = " ".join(p for p in parts if p)
    script = _text(el, "NAME_ORIGINAL_SCRIPT")
    aliases = [_text(a, "ALIAS_NAME") for a in el.iter(alias_tag)]
    ar = [m.group() for s in [script, *aliases] for m in ARABIC_RUN.finditer(s)]
    ar = list(dict.fromkeys(" ".join(a.split()) for a in ar))
    latin = [a for a in aliases if a and not ARABIC_RUN.search(a)]
    return {"id": "un:" + _text(el, "REFERENCE_NUMBER").lower(), "type": etype, "kind": kind,
            "name_ar": ar[0] if ar else "", "name_en": name_en, "aliases_ar": ar[1:], "aliases_en": latin,
            "designations": [{"by": UN_BY, "kind": _text(el, "UN_LIST_TYPE"), "date": _text(el, "LISTED_ON") or None}]}


def latin_key(name: str) -> str:
    """A comparison key for Latin names: lowercase letters and digits, 'al' particles dropped."""
    words = re.findall(r"[a-z0-9]+", name.lower().replace("’", "'").replace("'", ""))
    return " ".join(w for w in words if w not in ("al", "el", "the"))


def curated_latin_index(paths: tuple[str, ...] = CURATED_FILES) -> dict[str, list[str]]:
    index: dict[str, list[str]] = defaultdict(list)
    for name in paths:
        for rec, _ in read_jsonl(name):
            for n in [rec.get("name_en") or "", *rec.get("aliases_en", [])]:
                key = latin_key(n)
                if len(key) >= 4 and rec["id"] not in index[key]:
                    index[key].append(rec["id"])
    return index


def same_as(rec: dict, index: dict[str, list[str]]) -> str | None:
    """The curated id this UN record is, by its main name first, then by most shared aliases."""
    main = index.get(latin_key(rec["name_en"]), [])
    if len(main) == 1:
        return main[0]
    votes: dict[str, int] = defaultdict(int)
    for alias in rec["aliases_en"]:
        for cid in index.get(latin_key(alias), []):
            votes[cid] += 1
    if not votes:
        return None
    best = max(sorted(votes), key=lambda k: votes[k])
    return best if votes[best] >= 2 or rec["type"] == "ORG" else None


def build_un(shared: Path) -> list[dict]:
    index = curated_latin_index()
    out = []
    for rec in un_records(shared / UN_XML):
        if rec["type"] == "ORG" or rec["name_ar"]:
            target = same_as(rec, index) if rec["type"] == "ORG" else None
            if target:
                rec["same_as"] = target
            if target or rec["name_ar"]:
                rec["name_ar"] = rec["name_ar"] or rec["name_en"]
                out.append(rec)
    return out


def write_jsonl(records: list[dict], out: Path) -> None:
    with out.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m rasid.entities.build_kb", description=__doc__.splitlines()[0])
    ap.add_argument("--shared", required=True, type=Path, help="the shared data folder (holds data/)")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "data" / "kb" / "generated")
    args = ap.parse_args(argv)
    if not (args.shared / "data").is_dir():
        raise UsageError(f"{args.shared} has no data/ folder; pass the shared folder with --shared")
    args.out.mkdir(parents=True, exist_ok=True)
    places = build_places(args.shared)
    write_places(places, args.out / "places.tsv")
    un = build_un(args.shared)
    write_jsonl(un, args.out / "un_sanctions.jsonl")
    print(f"wrote {len(places)} places and {len(un)} UN list records into {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Parents of the generated places: GeoNames towns matched to Natural Earth provinces, and a check.

Used by :mod:`rasid.entities.build_kb`. GeoNames gives each town admin-1 and admin-2 codes;
Natural Earth gives provinces with ISO 3166-2 codes, English names and label points. The two
sources share no key, so an admin group of towns (one admin-1 code, or one admin-1/admin-2 pair
where that is the level of the provinces: Belgium, France, Italy, Spain, the United Kingdom) is
matched to one province (:func:`match_groups`):

1. by code, in countries where the ISO suffix of the provinces is the GeoNames code of the groups
   for most groups whose code is such a suffix (Belgium's WLG, the United States' NY), if some
   town of the group lies nearest that province's label point;
2. by name: the group's seat or biggest town bears the province's English name (Liège, Salta);
3. by centre: the province (not a city unit) nearest to the mean point of the group's towns, or
   the city unit (Urban county, London Borough ...) most of its towns lie nearest to;
4. by votes: each town votes for the province whose label point is nearest.

Within a step, pairs with the higher share of the group's towns voting for the province go first
(then more towns, then more people); pairs are taken one to one. A group left over goes to the
nearest province no group took within NAMED_AFTER_KM of its centre, else to its most voted
province. A big city or seat named like a nearby province (or city unit) goes to it
(:func:`namesake_province`); a province farther than MAX_PARENT_KM is refused.
:func:`doubtful_parents` finds implausible parents in a finished gazetteer (the data test and the
generator's report use it).
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from rasid.errors import InputError

EARTH_RADIUS_KM = 6371.0
UNKNOWN_ADMIN_CODES = frozenset({"", "00"})
SEATS_AT_LEVEL = {1: frozenset({"PPLC", "PPLA"}), 2: frozenset({"PPLC", "PPLA", "PPLA2"})}  # GeoNames seats
CAPITAL_KIND = "capital"
BIG_CITY_POPULATION = 100_000   # big cities and capitals are checked against provinces named like them
NAMED_AFTER_KM = 150.0          # a province named like a city lies this near it to be its namesake ...
NAMED_MATCH_KM = 500.0          # ... or this near when towns of the city's group are nearest to it
ADMIN2_COVERAGE = 0.8           # share of towns with admin-2 codes needed to group towns by them
CODE_AGREEMENT = 0.8            # share of code-equal groups whose votes agree, for codes to be trusted
MIN_CODE_AGREEMENTS = 3         # ... and at least this many of them
CITY_UNIT_SHARE = 0.5           # a group goes by votes to a city unit only if most of its towns lie nearest it
CITY_UNIT_TYPE = re.compile(r"\b(city|borough|town|urban county|capital)\b", re.IGNORECASE)
METROPOLITAN_AREA_TYPE = re.compile(r"metropolitan city", re.IGNORECASE)   # a province-sized area (Milano)
MAX_PARENT_KM = 1500.0          # a province whose label point is farther than this is refused as a parent
FAR_PARENT_KM = 300.0           # check: a parent label point this far away is doubtful ...
NEARER_FACTOR = 3.0             # ... when another province of the country is this many times nearer


class PlaceLike(Protocol):
    id: str
    kind: str
    level: str | None
    name_en: str | None
    parent: str | None
    country: str | None
    lat: float | None
    lon: float | None
    population: int


@dataclass(frozen=True, slots=True)
class Town:
    """A town of the GeoNames dump: evidence of where its admin-1/admin-2 codes lie."""

    geonameid: str
    country: str
    admin1: str
    admin2: str
    point: tuple[float, float]
    names: tuple[str, ...] = ()
    feature: str = ""
    population: int = 0


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def folded_latin(name: str | None) -> str:
    """A Latin name without accents, case and punctuation (Liège -> liege)."""
    plain = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    return " ".join(re.findall(r"[a-z0-9]+", plain.lower()))


def point_of(p: PlaceLike) -> tuple[float, float] | None:
    return (p.lat, p.lon) if p.lat is not None and p.lon is not None else None


def town_from_dump_row(cells: list[str], where: str) -> Town:
    """A Town from the 19 columns of a GeoNames dump row."""
    try:
        point = (float(cells[4]), float(cells[5]))
        names = tuple(dict.fromkeys(n for n in (folded_latin(cells[1]), folded_latin(cells[2])) if n))
        return Town(cells[0], cells[8].strip(), cells[10].strip(), cells[11].strip(), point, names,
                    cells[7].strip(), int(cells[14] or 0))
    except (IndexError, ValueError) as exc:
        raise InputError(f"{where}: not a GeoNames dump row ({exc})") from exc


# ---------------------------------------------------------------- matching groups to provinces

def admin_key(town: Town, level: int) -> str:
    """The admin group of a town: its admin-1 code (level 1) or admin-1/admin-2 codes (level 2;
    its admin-1 code if it has no admin-2 code); a town without codes is a group of its own."""
    if town.admin1 in UNKNOWN_ADMIN_CODES:
        return f"town:{town.geonameid}"
    if level == 1 or town.admin2 in UNKNOWN_ADMIN_CODES:
        return town.admin1
    return f"{town.admin1}/{town.admin2}"


def nearest_province(point: tuple[float, float], provinces: list[PlaceLike]) -> PlaceLike:
    return min(provinces, key=lambda p: (km_between(point, (p.lat, p.lon)), p.id))


def admin_level_like_provinces(towns: list[Town], nearest: dict[str, str]) -> int:
    """The GeoNames admin level (1 or 2) whose number of groups is closest (by ratio) to the number
    of provinces nearest to some town: Belgium's admin-1 codes are 3 regions and its 11 provinces
    its admin-2 codes; the United States' admin-1 codes are its 51 states. Level 2 needs admin-2
    codes on most towns."""
    provinces = len(set(nearest.values()))
    coded = [t for t in towns if t.admin1 not in UNKNOWN_ADMIN_CODES]
    both = [t for t in coded if t.admin2 not in UNKNOWN_ADMIN_CODES]
    counts = {1: len({t.admin1 for t in coded}), 2: len({admin_key(t, 2) for t in both})}
    if not counts[1] or len(both) < ADMIN2_COVERAGE * len(coded) or counts[2] == counts[1]:
        return 1
    gap = {level: abs(math.log(n / provinces)) for level, n in counts.items()}
    return 2 if gap[2] < gap[1] else 1


@dataclass(slots=True)
class Votes:
    """Each town's vote for its nearest province, by admin group."""

    by_group: dict[str, dict[str, int]]
    members: dict[str, list[Town]]
    per_province: dict[str, int]
    people: dict[str, int]                # group -> population of its towns (breaks ties)

    def share(self, key: str, pid: str) -> float:
        """The share of the group's towns nearest the province."""
        return self.by_group[key].get(pid, 0) / len(self.members[key])

    def top(self, key: str) -> str:
        counts = self.by_group[key]
        return min(counts, key=lambda pid: (-counts[pid], pid))


def count_votes(towns: list[Town], level: int, nearest: dict[str, str]) -> Votes:
    by_group: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    members: dict[str, list[Town]] = defaultdict(list)
    per_province: dict[str, int] = defaultdict(int)
    people: dict[str, int] = defaultdict(int)
    for t in towns:
        key, pid = admin_key(t, level), nearest[t.geonameid]
        by_group[key][pid] += 1
        members[key].append(t)
        per_province[pid] += 1
        people[key] += max(t.population, 1)
    return Votes(by_group, members, per_province, people)


def is_city_unit(unit_type: str) -> bool:
    """A Natural Earth admin-1 type that is one city, not a province around towns (Urban county,
    London Borough, Highly Urbanized City, Federal City ...)."""
    return bool(CITY_UNIT_TYPE.search(unit_type)) and not METROPOLITAN_AREA_TYPE.search(unit_type)


def match_groups(votes: Votes, level: int, provinces: list[PlaceLike],
                 city_units: frozenset[str] = frozenset()) -> dict[str, str]:
    """Admin group -> province id (see the module docstring for the order of evidence). A city
    unit (``city_units``) is matched only by code or by most of a group's votes: a county is not
    the city unit of its seat (Heves and Eger)."""
    by_code = trusted_code_pairs(votes, provinces)
    areas = [p for p in provinces if p.id not in city_units] or provinces
    pairs = []
    for key in votes.by_group:
        by_votes = [pid for pid in votes.by_group[key]
                    if pid not in city_units or votes.share(key, pid) >= CITY_UNIT_SHARE]
        city = [pid for pid in by_votes if pid in city_units]
        tiers = [[by_code[key]] if key in by_code else [],
                 named_provinces(key, level, votes, areas, provinces),
                 city or [nearest_province(group_centre(votes.members[key]), areas).id],
                 by_votes]
        for tier, pids in enumerate(tiers):
            pairs.extend((tier, -votes.share(key, pid), -votes.by_group[key].get(pid, 0), -votes.people[key],
                          key, pid) for pid in pids)
    matched: dict[str, str] = {}
    taken: set[str] = set()
    for *_, key, pid in sorted(pairs):
        if key not in matched and pid not in taken:
            matched[key] = pid
            taken.add(pid)
    for key in sorted(votes.by_group, key=lambda k: -len(votes.members[k])):
        if key not in matched:
            top = votes.top(key)
            untaken = [p for p in areas if p.id not in taken] if top not in city_units else []
            matched[key] = _leftover_province(votes, key, untaken)
            taken.add(matched[key])
    return matched


def _leftover_province(votes: Votes, key: str, untaken: list[PlaceLike]) -> str:
    """A group whose voted provinces all went to other groups: the nearest province no group took
    within NAMED_AFTER_KM of its centre (Giza's towns lie nearest Cairo's label point, the label
    point of Giza governorate out in its desert), else its most voted province."""
    if untaken and not key.startswith("town:"):
        centre = group_centre(votes.members[key])
        near = nearest_province(centre, untaken)
        if km_between(centre, point_of(near)) <= NAMED_AFTER_KM:
            return near.id
    return votes.top(key)


def _code_of(key: str) -> str:
    return key.rsplit("/", 1)[-1]


def trusted_code_pairs(votes: Votes, provinces: list[PlaceLike]) -> dict[str, str]:
    """Group -> province whose ISO 3166-2 suffix is the group's code and for which some town of the
    group voted, if the country's codes agree with the votes (the top-voted province of most
    code-equal groups) - else nothing."""
    by_suffix = {p.id.split("-", 1)[1]: p.id for p in provinces if re.fullmatch(r"gpe:[A-Z]{2}-\w+", p.id)}
    equal = {key: by_suffix[_code_of(key)] for key in votes.by_group
             if not key.startswith("town:") and _code_of(key) in by_suffix}
    agree = sum(1 for key, pid in equal.items() if votes.top(key) == pid)
    if agree < MIN_CODE_AGREEMENTS or agree < CODE_AGREEMENT * len(equal):
        return {}
    return {key: pid for key, pid in equal.items() if votes.by_group[key].get(pid)}


def named_provinces(key: str, level: int, votes: Votes, provinces: list[PlaceLike],
                    every_province: list[PlaceLike]) -> list[str]:
    """Provinces whose English name is the name of the group's seat or biggest town and whose label
    point lies within NAMED_MATCH_KM of it if towns of the group voted for it (label points of
    island provinces can lie far out at sea), else within NAMED_AFTER_KM and either nearer than
    the group's most voted province or voted for by no town (so a capital's own unit is not left
    for the region named after it, which its own towns vote for: Sofia city, Sofia province)."""
    members = votes.members[key]
    biggest = max(members, key=lambda t: (t.population, t.geonameid))
    top_id = votes.top(key)
    top = next(p for p in every_province if p.id == top_id)
    out = []
    seats = [t for t in members if t.feature in SEATS_AT_LEVEL[level]]
    for town in {t.geonameid: t for t in [biggest, *seats]}.values():
        for p in provinces:
            if not set(town.names) & {folded_latin(p.name_en)} or p.id in out:
                continue
            d = km_between(town.point, (p.lat, p.lon))
            voted = votes.by_group[key].get(p.id, 0) > 0
            nearer_than_top = d < km_between(town.point, point_of(top))
            unclaimed = not votes.per_province.get(p.id)
            if (voted and d <= NAMED_MATCH_KM) or (d <= NAMED_AFTER_KM and (nearer_than_top or unclaimed)):
                out.append(p.id)
    return out


def group_centre(towns: list[Town]) -> tuple[float, float]:
    """The mean point of towns (not weighted by population: one big city and its suburbs would
    pull it to the label point of a small neighbour, Brisbane to Lord Howe Island)."""
    return sum(t.point[0] for t in towns) / len(towns), sum(t.point[1] for t in towns) / len(towns)


def namesake_province(town: Town, big: bool, parent: PlaceLike, candidates: list[PlaceLike],
                      city_units: frozenset[str] = frozenset()) -> PlaceLike | None:
    """The province named like a seat or big city (``big``), lying within NAMED_AFTER_KM of it and
    nearer than ``parent``, or a city unit (Natural Earth makes some cities provinces of their own:
    Harrow, Mandaluyong, Ho Chi Minh City)."""
    if not (town.feature in SEATS_AT_LEVEL[2] or big):
        return None
    to_parent = km_between(town.point, point_of(parent))
    best: tuple[float, PlaceLike] | None = None
    for p in candidates:
        d = km_between(town.point, point_of(p))
        if p.id != parent.id and d <= NAMED_AFTER_KM and (d < to_parent or p.id in city_units) \
                and folded_latin(p.name_en) in town.names:
            if best is None or d < best[0]:
                best = (d, p)
    return best[1] if best else None


def parents_in_country(cities: list[tuple[PlaceLike, Town]], towns: list[Town], provinces: list[PlaceLike],
                       city_units: frozenset[str] = frozenset()) -> dict[str, str]:
    """City id -> province id for the cities of one country (paired with their towns); a city
    whose province would lie farther than MAX_PARENT_KM is left out. The towns of a group spread
    over city units (a metropolis cut into boroughs) go to their nearest one."""
    known = {t.geonameid for t in towns}
    evidence = [*towns, *(t for _, t in cities if t.geonameid not in known)]
    nearest = {t.geonameid: nearest_province(t.point, provinces).id for t in evidence}
    level = admin_level_like_provinces(evidence, nearest)
    votes = count_votes(evidence, level, nearest)
    groups = match_groups(votes, level, provinces, city_units)
    by_id = {p.id: p for p in provinces}
    out = {}
    for city, town in cities:
        key = admin_key(town, level)
        province = by_id[groups[key]]
        if province.id in city_units and votes.share(key, province.id) < CITY_UNIT_SHARE \
                and nearest[town.geonameid] in city_units:
            province = by_id[nearest[town.geonameid]]   # a group spread over city units: London's boroughs
        big = city.kind == CAPITAL_KIND or city.population >= BIG_CITY_POPULATION
        province = namesake_province(town, big, province, provinces, city_units) or province
        if km_between(town.point, point_of(province)) <= MAX_PARENT_KM:
            out[city.id] = province.id
    return out


# ---------------------------------------------------------------- plausibility check

@dataclass(frozen=True, slots=True)
class ParentDoubt:
    """A city whose parent province is implausible, and why (``country``, ``far``, ``named_after``)."""

    city: str
    parent: str
    reason: str
    better: str | None = None


def doubtful_parents(places: Iterable[PlaceLike]) -> list[ParentDoubt]:
    """Cities whose parent province is implausible: in another country; far away while another
    province of the country is much nearer; or a big city filed away from a nearer province of
    its own name (the city of Liège under Walloon Brabant while the province of Liège exists)."""
    places = list(places)
    by_id = {p.id: p for p in places}
    provinces: dict[str, list[PlaceLike]] = defaultdict(list)
    for p in places:
        if p.kind == "province" and point_of(p) and p.country:
            provinces[p.country].append(p)
    out = []
    for city in places:
        parent = by_id.get(city.parent or "")
        if city.level != "city" or parent is None or parent.kind != "province" or not point_of(city):
            continue
        doubt = _parent_doubt(city, parent, provinces.get(city.country or "", []))
        if doubt:
            out.append(doubt)
    return out


def _parent_doubt(city: PlaceLike, parent: PlaceLike, same_country: list[PlaceLike]) -> ParentDoubt | None:
    if parent.country != city.country:
        return ParentDoubt(city.id, parent.id, "country")
    here, there = point_of(city), point_of(parent)
    if here is None or there is None or not same_country:
        return None
    to_parent = km_between(here, there)
    nearest = nearest_province(here, same_country)
    if to_parent > FAR_PARENT_KM and km_between(here, point_of(nearest)) * NEARER_FACTOR < to_parent:
        return ParentDoubt(city.id, parent.id, "far", nearest.id)
    if city.kind == CAPITAL_KIND or city.population >= BIG_CITY_POPULATION:
        name = folded_latin(city.name_en)
        for q in same_country:
            d = km_between(here, point_of(q))
            if q.id != parent.id and name and folded_latin(q.name_en) == name and d <= NAMED_AFTER_KM and d < to_parent:
                return ParentDoubt(city.id, parent.id, "named_after", q.id)
    return None

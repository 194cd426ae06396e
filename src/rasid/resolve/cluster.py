"""Blocking and agglomerative clustering of event mentions into events.

Blocking: a mention is posted under its type family with its country and year, place and
perpetrators, and looks up only the postings that share the most specific of these it knows, so
pairs are scored only when they could be the same event. Clustering: candidate pairs above the threshold are taken in
descending score order; two clusters merge when no pair between them is vetoed and the mean
score over all their cross pairs reaches the linkage threshold (average linkage).
"""
from __future__ import annotations

from array import array
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterator

import numpy as np

from rasid.resolve.config import Policy
from rasid.resolve.places import spelling_keys
from rasid.resolve.records import MentionRecord
from rasid.resolve.similarity import PairScore, Scorer
from rasid.resolve.yearless import lone_yearless, month_index, yearless_target

ANY = "*"
YEAR_ONLY = "~year"
SPELLING = "spell:"
MAX_YEARS_PER_MENTION = 3


@dataclass(frozen=True)
class Edge:
    score: float
    a: int
    b: int


def _country(record: MentionRecord) -> str | None:
    return record.place.country if record.place and record.place.country else None


def _years(record: MentionRecord) -> list[str]:
    interval = record.interval or record.news_window
    if interval is None:
        return []
    years = range(interval.earliest.year, interval.latest.year + 1)
    return [str(y) for y in years][:MAX_YEARS_PER_MENTION] if len(years) <= MAX_YEARS_PER_MENTION else []


def _months(record: MentionRecord) -> list[str]:
    """The months of a day- or month-level date (empty for year-level or longer periods)."""
    interval = record.interval
    if interval is None or interval.days > 31:
        return []
    first, last = interval.earliest, interval.latest
    months = {f"{first.year:04d}-{first.month:02d}", f"{last.year:04d}-{last.month:02d}"}
    return sorted(months)


def _actor_keys(record: MentionRecord, policy: Policy) -> list[str]:
    return sorted({"actor:" + (a.kb_id or a.key) for a in record.perpetrators(policy) if a.kb_id or a.key})


def _place_key(record: MentionRecord) -> str | None:
    place = record.place
    if place is None or not (place.kb_id or place.key):
        return None
    return "place:" + (place.kb_id or place.key)


def posting_keys(record: MentionRecord, policy: Policy) -> list[tuple[str, str, str]]:
    """Every block a mention is listed in (see query_keys for who looks where)."""
    fam, country, years = record.family, _country(record), _years(record)
    actors, place = _actor_keys(record, policy), _place_key(record)
    keys: set[tuple[str, str, str]] = {(fam, a, ANY) for a in actors}
    keys |= {(fam, ANY, y) for y in years} | {(fam, a, y) for a in actors for y in years}
    if country:
        keys |= {(fam, country, y) for y in years} | {(fam, country, a) for a in actors}
        months = _months(record)
        keys |= {(fam, country, m) for m in months}
        if not months:
            keys |= {(fam, country, y + YEAR_ONLY) for y in years}
        if place:
            keys.add((fam, country, place))
        if record.place is not None and record.place.kb_id:
            keys |= {(fam, SPELLING + k, m) for k in spelling_keys(record.place.name) for m in months}
    return sorted(keys)


def query_keys(record: MentionRecord, policy: Policy) -> list[tuple[str, str, str]]:
    """The blocks a mention compares itself with: the most specific it can name.

    Country and month: that month, plus the year-level mentions of its year. Country and year
    only: that (country, year). Country only: the same place or a shared perpetrator
    in that country. Year only: a shared perpetrator that year, else the whole year. Neither: a
    shared perpetrator.
    """
    fam, country, years = record.family, _country(record), _years(record)
    actors, place = _actor_keys(record, policy), _place_key(record)
    months = _months(record)
    if country and months:
        return sorted({(fam, country, m) for m in months} | {(fam, country, y + YEAR_ONLY) for y in years}
                      | _spelling_queries(record, months))
    if country and years:
        return sorted({(fam, country, y) for y in years})
    if country:
        return sorted({(fam, country, a) for a in actors} | ({(fam, country, place)} if place else set()))
    if years:
        return sorted({(fam, a, y) for a in actors for y in years} or {(fam, ANY, y) for y in years})
    return [(fam, a, ANY) for a in actors]


def _spelling_queries(record: MentionRecord, months: list[str]) -> set[tuple[str, str, str]]:
    """A place unknown to the KB also looks for KB places spelled nearly alike in other
    countries (places.spelling_variants: «كيرش» given Russia, «كيرتش» filed under Ukraine)."""
    place = record.place
    if place is None or place.kb_id or not place.name:
        return set()
    return {(record.family, SPELLING + k, m) for k in spelling_keys(place.name) for m in months}


def candidate_pairs(records: list[MentionRecord], policy: Policy) -> Iterator[tuple[int, int]]:
    """Pairs (i < j) of record indices worth scoring, without duplicates, in order.

    Collected as one int64 array of ``i * n + j`` codes (a set of tuples took ~150 bytes a pair:
    a 30,000-article corpus has millions of candidate pairs), then sorted and deduplicated.
    """
    postings: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for record in records:
        for key in posting_keys(record, policy):
            postings[key].append(record.index)
    n = len(records)
    codes = array("q")
    for record in records:
        found: set[int] = set()
        for key in query_keys(record, policy):
            members = postings.get(key, [])
            if len(members) > policy.max_block_size:
                members = _nearest(records, record, members, policy.max_block_size)
            found.update(members)
        found.discard(record.index)
        i = record.index
        codes.extend(min(i, j) * n + max(i, j) for j in found)
    unique = np.unique(np.frombuffer(codes, dtype=np.int64)) if codes else np.empty(0, dtype=np.int64)
    del codes
    for start in range(0, len(unique), PAIR_CHUNK):
        for code in unique[start:start + PAIR_CHUNK].tolist():
            yield divmod(code, n)


PAIR_CHUNK = 65_536            # codes turned back into pairs at a time


def _nearest(records: list[MentionRecord], record: MentionRecord, members: list[int], limit: int) -> list[int]:
    """The ``limit`` members closest in date to ``record`` (an over-full block)."""
    anchor = record.interval or record.news_window
    if anchor is None:
        return members[:limit]
    def distance(j: int) -> int:
        other = records[j].interval or records[j].news_window
        return anchor.gap_days(other) if other else 10**6
    return sorted(members, key=lambda j: (distance(j), j))[:limit]


class Clusterer:
    """Average-linkage clustering over scored candidate pairs with hard vetoes."""

    def __init__(self, records: list[MentionRecord], scorer: Scorer, policy: Policy) -> None:
        self.records, self.scorer, self.policy = records, scorer, policy
        self._cache: dict[tuple[int, int], PairScore] = {}
        self.parent = list(range(len(records)))
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(records))}

    def pair(self, i: int, j: int) -> PairScore:
        key = (i, j) if i < j else (j, i)
        if key not in self._cache:
            self._cache[key] = self.scorer.score(self.records[key[0]], self.records[key[1]])
        return self._cache[key]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def run(self) -> list[list[int]]:
        for edge in self._edges():
            ra, rb = self.find(edge.a), self.find(edge.b)
            if ra != rb and self._linkage_ok(ra, rb):
                self._merge(ra, rb)
        self._attach_yearless()
        clusters = [sorted(m) for root, m in self.members.items() if self.find(root) == root]
        return sorted(clusters, key=lambda c: c[0])

    def _edges(self) -> list[Edge]:
        edges = []
        for i, j in candidate_pairs(self.records, self.policy):
            s = self.scorer.score(self.records[i], self.records[j])
            if not s.vetoed and s.score >= self.policy.threshold:
                edges.append(Edge(s.score, i, j))
        return sorted(edges, key=lambda e: (-e.score, e.a, e.b))

    def _attach_yearless(self) -> None:
        """Each lone mention dated by a month without year joins the only cluster it fits (yearless.py)."""
        by_month = month_index(self.records, self.members)
        for i in lone_yearless(self.records, self.members):
            target = yearless_target(i, self.members, self.find, self.records, self.scorer, self.pair, by_month)
            if target is not None:
                self._merge(self.find(i), target)

    def _linkage_ok(self, ra: int, rb: int) -> bool:
        total, count = 0.0, 0
        for i in self.members[ra]:
            for j in self.members[rb]:
                s = self.pair(i, j)
                if s.vetoed:
                    return False
                total += s.score
                count += 1
        return count > 0 and total / count >= self.policy.linkage_threshold

    def _merge(self, ra: int, rb: int) -> None:
        keep, drop = (ra, rb) if ra < rb else (rb, ra)
        self.parent[drop] = keep
        self.members[keep].extend(self.members.pop(drop))


def cluster_records(records: list[MentionRecord], scorer: Scorer, policy: Policy) -> list[list[MentionRecord]]:
    """Groups of records that report the same event, each sorted by article and offset."""
    groups = Clusterer(records, scorer, policy).run()
    return [sorted((records[i] for i in g), key=lambda r: r.sort_key) for g in groups]

"""`rasid eval seeds`: the five sample articles against their hand-made reading (seeds.gold.json).

Scores, all read from the gold file (nothing about the articles is written here):
- figures: every numeric killed / injured / arrested figure of a gold mention (vague words and
  split figures left out) counts as right when an event read from the same lines of the same
  file carries the same value and qualifier;
- persons: each (person, document) pair of the gold is found when a PER entity of that document
  has the person's name (normalized, either containing the other);
- must-not-appear: names of unrelated page furniture that no entity may contain;
- event detection: per gold event, how many of its mentions have an event of the same type read
  from their lines.
"""
from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasid.errors import UsageError

FIGURE_FIELDS = ("killed", "injured", "arrested")


@dataclass(slots=True)
class SeedDoc:
    prefix: str                    # "000"
    name: str
    raw: str
    reading: dict[str, Any]

    def lines_of(self, ev: dict[str, Any]) -> set[int]:
        m = ev["mentions"][0]
        first = self.raw.count("\n", 0, m["start"]) + 1
        last = self.raw.count("\n", 0, max(m["end"] - 1, m["start"])) + 1
        return set(range(first, last + 1))

    def events_on(self, lines: list[int]) -> list[dict[str, Any]]:
        wanted = set(lines)
        return [ev for ev in self.reading["events"] if self.lines_of(ev) & wanted]


@dataclass(slots=True)
class SeedScores:
    figures: list[tuple[str, str, str, Any, bool]] = field(default_factory=list)
    persons: list[tuple[str, str, bool]] = field(default_factory=list)
    forbidden: list[tuple[str, list[str]]] = field(default_factory=list)
    events: list[tuple[str, str, int, int]] = field(default_factory=list)


def load_gold(path: str | Path) -> dict[str, Any]:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}; pass --gold path/to/seeds.gold.json") from exc


def read_seeds(folder: str | Path) -> dict[str, SeedDoc]:
    from rasid.reading import extract
    base = Path(folder)
    if not base.is_dir():
        raise UsageError(f"{folder} is not a folder; pass --seeds path/to/seeds")
    docs = {}
    for path in sorted(base.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        docs[path.name[:3]] = SeedDoc(path.name[:3], path.name, raw, extract(raw, id=path.name).to_dict())
    return docs


def _normal(text: str) -> str:
    from rasid.text.normalize import normalize
    return " ".join(normalize(text).split())


def score_figures(gold: dict[str, Any], docs: dict[str, SeedDoc], out: SeedScores) -> None:
    for event in gold["events"]:
        for mention in event["mentions"]:
            doc = docs.get(mention["doc"])
            for name in FIGURE_FIELDS:
                want = mention.get(name)
                if doc is None or not want or want.get("value") is None:
                    continue
                got = [ev["mentions"][0].get(name) for ev in doc.events_on(mention["lines"])]
                right = any(q and q["value"] == want["value"] and q["qualifier"] == want["qualifier"] for q in got)
                out.figures.append((event["id"], mention["doc"], name, f"{want['qualifier']} {want['value']}", right))


def score_persons(gold: dict[str, Any], docs: dict[str, SeedDoc], out: SeedScores) -> None:
    for person in gold["persons"]:
        name = _normal(person["ar"])
        for prefix in person["docs"]:
            doc = docs.get(prefix)
            found = doc is not None and any(
                e["type"] == "PER" and (name in _normal(e["text"]) or _normal(e["text"]) in name)
                and len(_normal(e["text"])) > 2 for e in doc.reading["entities"])
            out.persons.append((person["en"], prefix, found))


def score_forbidden(gold: dict[str, Any], docs: dict[str, SeedDoc], out: SeedScores) -> None:
    for bad in gold.get("entities_that_must_not_appear", []):
        key = _normal(bad)
        hits = [d.prefix for d in docs.values() for e in d.reading["entities"] if key in _normal(e["text"])]
        out.forbidden.append((bad, hits))


def score_events(gold: dict[str, Any], docs: dict[str, SeedDoc], out: SeedScores) -> None:
    for event in gold["events"]:
        found = 0
        for mention in event["mentions"]:
            doc = docs.get(mention["doc"])
            if doc and any(ev["type"] == event["type"] for ev in doc.events_on(mention["lines"])):
                found += 1
        out.events.append((event["id"], event["type"], found, len(event["mentions"])))


def evaluate(seeds: str | Path, gold_path: str | Path) -> SeedScores:
    gold = load_gold(gold_path)
    docs = read_seeds(seeds)
    out = SeedScores()
    score_figures(gold, docs, out)
    score_persons(gold, docs, out)
    score_forbidden(gold, docs, out)
    score_events(gold, docs, out)
    return out


def format_report(s: SeedScores) -> str:
    lines = [f"figures read right: {sum(f[4] for f in s.figures)}/{len(s.figures)}"]
    lines += [f"  {'ok ' if ok else 'MISS'} {ev:24} {doc} {name:9} {want}" for ev, doc, name, want, ok in s.figures]
    lines.append(f"persons found as PER: {sum(p[2] for p in s.persons)}/{len(s.persons)}")
    lines += [f"  MISS {en} ({doc})" for en, doc, ok in s.persons if not ok]
    bad = [(name, hits) for name, hits in s.forbidden if hits]
    lines.append(f"entities that must not appear: {len(bad)} of {len(s.forbidden)} appear")
    lines += [f"  FOUND {name} in {sorted(set(hits))}" for name, hits in bad]
    lines.append(f"event detection: {sum(e[2] for e in s.events)}/{sum(e[3] for e in s.events)} mentions")
    lines += [f"  {ev:24} {etype:13} {found}/{total}" for ev, etype, found, total in s.events]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    print(format_report(evaluate(args.seeds, args.gold)))
    return 0


def register_eval(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("seeds", help="score the sample articles against their gold reading",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seeds", default="../shared/seeds", help="folder of seed .txt files")
    p.add_argument("--gold", default="../shared/eval/seeds.gold.json", help="gold reading (JSON)")
    p.set_defaults(func=run)

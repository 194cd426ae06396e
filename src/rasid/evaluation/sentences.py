"""`rasid eval sentences`: sentence-level extraction accuracy on a labeled set.

Each line of the set: ``{"id", "split": "dev"|"test", "text", "published", "gold": {"attack":
bool, "type", "subtype", "killed": [value|null, qualifier]|null, "injured": ..., "date": ISO
prefix or "MM-DD"|null, "country": ISO2|null}}``. ``dev`` is what we looked at while tuning;
``test`` (every third line) is held out.

Scores: attack detection P/R/F1 (a sentence is predicted an attack when its reading has an
``attack`` event); then, over gold attacks that have the field, the share where a predicted attack
event has it right: killed and injured (value and qualifier), date (value), country (location).
The keyword baseline predicts an attack whenever an attack trigger word occurs, with no context.
"""
from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from rasid.errors import UsageError

FIELDS = ("killed", "injured", "date", "country")


@dataclass(slots=True)
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    right: dict[str, int] = field(default_factory=lambda: {f: 0 for f in FIELDS})
    total: dict[str, int] = field(default_factory=lambda: {f: 0 for f in FIELDS})

    def detection(self, gold: bool, predicted: bool) -> None:
        if gold and predicted:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif gold:
            self.fn += 1
        else:
            self.tn += 1

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def share(self, name: str) -> float:
        return self.right[name] / self.total[name] if self.total[name] else 0.0


def load_set(path: str | Path) -> list[dict[str, Any]]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}; pass --data tests/data/sentences.jsonl") from exc
    return [json.loads(ln) for ln in lines if ln.strip()]


def attack_events(reading: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in reading["events"] if e["type"] == "attack"]


def _figure_right(events: list[dict[str, Any]], name: str, gold: list[Any]) -> bool:
    for ev in events:
        q = ev["mentions"][0].get(name)
        if q and q["value"] == gold[0] and q["qualifier"] == gold[1]:
            return True
    return False


def _date_right(events: list[dict[str, Any]], gold: str) -> bool:
    return any((ev["date"]["value"] or "").lstrip("-") == gold for ev in events)


def _country_right(events: list[dict[str, Any]], gold: str) -> bool:
    return any(ev["location"] and ev["location"]["country"] == gold for ev in events)


def score_fields(tally: Tally, events: list[dict[str, Any]], gold: dict[str, Any]) -> None:
    checks: dict[str, Callable[[Any], bool]] = {
        "killed": lambda g: _figure_right(events, "killed", g),
        "injured": lambda g: _figure_right(events, "injured", g),
        "date": lambda g: _date_right(events, g),
        "country": lambda g: _country_right(events, g),
    }
    for name, check in checks.items():
        if gold.get(name) is not None:
            tally.total[name] += 1
            tally.right[name] += int(check(gold[name]))


def keyword_baseline(text: str) -> bool:
    """An attack trigger word anywhere in the sentence, with no context rules."""
    from rasid.events.lexicon import get_lexicon, token_keys
    from rasid.text import tokenize
    keys = [token_keys(t.text) for t in tokenize(text)]
    return any(m.entry.type == "attack" for m in get_lexicon().triggers.scan(keys, 0, len(keys)))


def evaluate(rows: list[dict[str, Any]]) -> dict[str, dict[str, Tally]]:
    """Tallies per split (dev, test, all) for the system and the keyword baseline."""
    from rasid.reading import extract
    out = {s: {"system": Tally(), "baseline": Tally()} for s in ("dev", "test", "all")}
    for row in rows:
        reading = extract(row["text"], published=row.get("published"), id=row["id"]).to_dict()
        events = attack_events(reading)
        gold = row["gold"]
        for split in (row.get("split", "dev"), "all"):
            out[split]["system"].detection(gold["attack"], bool(events))
            out[split]["baseline"].detection(gold["attack"], keyword_baseline(row["text"]))
            if gold["attack"]:
                score_fields(out[split]["system"], events, gold)
    return out


def format_table(results: dict[str, dict[str, Tally]], counts: dict[str, int]) -> str:
    head = f"{'split':6} {'n':>4} {'who':9} {'P':>6} {'R':>6} {'F1':>6} " + " ".join(f"{f:>13}" for f in FIELDS)
    lines = [head, "-" * len(head)]
    for split, by in results.items():
        for who, t in by.items():
            p, r, f1 = t.prf()
            cells = " ".join(f"{t.share(f):6.1%} ({t.right[f]:>2}/{t.total[f]:>2})" if who == "system" else f"{'':>13}"
                             for f in FIELDS)
            lines.append(f"{split:6} {counts[split]:>4} {who:9} {p:6.3f} {r:6.3f} {f1:6.3f} {cells}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    rows = load_set(args.data)
    counts = {"dev": sum(r.get("split", "dev") == "dev" for r in rows),
              "test": sum(r.get("split") == "test" for r in rows), "all": len(rows)}
    results = evaluate(rows)
    print(format_table(results, counts))
    return 0


def register_eval(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sentences", help="sentence-level attack detection, figures, dates, countries",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default="tests/data/sentences.jsonl", help="labeled sentences (JSON Lines)")
    p.set_defaults(func=run)

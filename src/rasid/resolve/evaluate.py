"""``rasid eval resolve``: cross-article resolution measured on labelled articles and on the seeds.

``--data FILE`` (JSON Lines: ``id, outlet, published, title, text, incident, split``) runs the
whole pipeline (``rasid.engine.run``) on the articles into a temporary store and scores
"these two articles report the same incident": a pair is *predicted* linked when some resolved
event has mentions from both articles, *gold* linked when both carry the same non-null
``incident``. Pairwise precision / recall / F1 are printed per split and overall.

``--seeds DIR --gold FILE`` runs the pipeline on the seed articles and prints each check the gold
file implies as PASS or FAIL: one event per gold discrepancy subject with the right kind, the
anachronistic founding year, the organization profile's founding years and designations, and no
perpetrator discrepancy where the gold says there is none.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any, Iterable

from rasid.errors import InputError

_DOC_PREFIX = re.compile(r"^(\d{3})_")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


# -- pairwise scoring ---------------------------------------------------------------------------
@dataclass(frozen=True)
class PairScores:
    true_positive: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.true_positive / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positive / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def gold_pairs(labels: dict[str, str | None]) -> set[tuple[str, str]]:
    """Article pairs (sorted ids) that carry the same non-null incident label."""
    ids = sorted(a for a, incident in labels.items() if incident)
    return {(a, b) for a, b in combinations(ids, 2) if labels[a] == labels[b]}


def predicted_pairs(events: Iterable[dict[str, Any]], keep: set[str]) -> set[tuple[str, str]]:
    """Article pairs (sorted ids, both in ``keep``) that share a resolved event."""
    pairs: set[tuple[str, str]] = set()
    for event in events:
        articles = sorted({m["article"] for m in event.get("mentions") or [] if m.get("article") in keep})
        pairs.update(combinations(articles, 2))
    return pairs


def score_pairs(predicted: set[tuple[str, str]], gold: set[tuple[str, str]]) -> PairScores:
    return PairScores(len(predicted & gold), len(predicted), len(gold))


# -- running the pipeline ---------------------------------------------------------------------
def load_labelled(path: str) -> list[dict[str, Any]]:
    rows = []
    try:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    rows.append(_labelled_row(json.loads(line), path, number))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read the labelled set ({exc}): pass a JSON Lines file with --data", source=path) from exc
    return rows


def _labelled_row(row: dict[str, Any], path: str, number: int) -> dict[str, Any]:
    for key in ("id", "text", "incident"):
        if key not in row:
            raise InputError(f"line {number} has no {key!r}: every row needs id, text and incident", source=path)
    return row


def run_pipeline(paths: list[str]) -> dict[str, Any]:
    """The export of a fresh temporary store after ``rasid run`` on ``paths``."""
    from rasid.engine import run
    from rasid.store import open_store

    with tempfile.TemporaryDirectory(prefix="rasid-eval-") as tmp:
        store = open_store(str(Path(tmp) / "eval.db"))
        try:
            report = run(paths, store, progress=False, near_duplicates=False)
            failures = list(report.failed) + list(report.read_failed)
            for failure in failures:
                print(f"{failure.source}: {failure.reason}", file=sys.stderr)
            if failures:
                raise InputError(f"{len(failures)} article(s) could not be read (listed above): fix them before measuring")
            return store.export()
        finally:
            store.close()


def export_for_rows(rows: list[dict[str, Any]]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="rasid-eval-in-") as tmp:
        path = Path(tmp) / "articles.jsonl"
        fields = ("id", "text", "published", "outlet", "title", "url")
        with open(path, "w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps({k: row[k] for k in fields if row.get(k) is not None}, ensure_ascii=False) + "\n")
        return run_pipeline([str(path)])


def evaluate_labelled(rows: list[dict[str, Any]], export: dict[str, Any]) -> dict[str, PairScores]:
    """Pairwise scores per split (and ``all``), articles identified by their caller id."""
    internal = {a["id"]: a.get("external_id") for a in export.get("articles") or []}
    events = [{"mentions": [{"article": internal.get(m["article"])} for m in e.get("mentions") or []]}
              for e in export.get("events") or []]
    splits = sorted({str(r.get("split") or "all") for r in rows}) + ["all"]
    out = {}
    for split in dict.fromkeys(splits):
        chosen = [r for r in rows if split == "all" or str(r.get("split") or "all") == split]
        labels = {str(r["id"]): r.get("incident") for r in chosen}
        out[split] = score_pairs(predicted_pairs(events, set(labels)), gold_pairs(labels))
    return out


def print_scores(scores: dict[str, PairScores], rows: list[dict[str, Any]]) -> None:
    print(f"{'split':<6} {'articles':>8} {'gold':>5} {'pred':>5} {'tp':>4} {'P':>6} {'R':>6} {'F1':>6}")
    for split, s in scores.items():
        n = sum(1 for r in rows if split == "all" or str(r.get("split") or "all") == split)
        print(f"{split:<6} {n:>8} {s.gold:>5} {s.predicted:>5} {s.true_positive:>4} "
              f"{s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f}")


# -- seed checks -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    detail: str


def doc_articles(export: dict[str, Any]) -> dict[str, str]:
    """Seed document number (000) -> article id, from the file names."""
    out = {}
    for article in export.get("articles") or []:
        m = _DOC_PREFIX.match(Path(str(article.get("source") or "")).name)
        if m:
            out[m.group(1)] = article["id"]
    return out


def _numbers(quantity: Any) -> set[int]:
    if not isinstance(quantity, dict):
        return set()
    values = {quantity.get("value")} | {p.get("value") for p in quantity.get("parts") or []}
    return {v for v in values if isinstance(v, int)}


def covering_event(events: list[dict[str, Any]], articles: set[str], field: str | None = None,
                   values: dict[str, int] | None = None) -> dict[str, Any] | None:
    """The event whose mentions give the gold ``values`` (article -> number) of ``field`` most
    often, then cover most of ``articles``, then have most mentions."""
    values = values or {}
    def rank(event: dict[str, Any]) -> tuple[int, int, int]:
        mentions = event.get("mentions") or []
        present = {m["article"] for m in mentions}
        agree = {m["article"] for m in mentions if field and values.get(m["article"]) in _numbers(m.get(field))}
        return (len(agree), len(present & articles), len(mentions))
    best = max(events, key=rank, default=None)
    return best if best is not None and rank(best)[1] else None


def _gold_numbers(values: dict[str, Any], docs: dict[str, str]) -> dict[str, int]:
    out = {}
    for doc, value in values.items():
        m = re.search(r"\d+", str(value))
        if doc in docs and m:
            out[docs[doc]] = int(m.group(0))
    return out


def discrepancy_checks(gold: dict[str, Any], export: dict[str, Any], docs: dict[str, str]) -> list[Check]:
    checks = []
    events, names = export.get("events") or [], {v: k for k, v in docs.items()}
    for d in gold.get("discrepancies") or []:
        if d.get("kind") not in ("evolving", "conflict", "vague_vs_precise"):
            continue
        wanted = {docs[k] for k in d.get("values") or {} if k in docs}
        event = covering_event(events, wanted, d["field"], _gold_numbers(d.get("values") or {}, docs))
        found = sorted(names.get(m["article"], "?") for m in (event or {}).get("mentions") or [] if m["article"] in wanted)
        checks.append(Check(f"{d['subject']}: one event in {', '.join(sorted(d['values']))}",
                            event is not None and set(found) >= set(d["values"]), f"best event covers {sorted(set(found))}"))
        kinds = sorted({x["kind"] for x in (event or {}).get("discrepancies") or [] if x.get("field") == d["field"]})
        checks.append(Check(f"{d['subject']}: {d['field']} discrepancy is {d['kind']}", d["kind"] in kinds,
                            f"found {kinds or 'none'}"))
    return checks


def anachronism_checks(gold: dict[str, Any], export: dict[str, Any], docs: dict[str, str]) -> list[Check]:
    checks = []
    found = [x for x in export.get("discrepancies") or [] if x.get("kind") == "anachronism"]
    for d in gold.get("discrepancies") or []:
        if d.get("kind") != "anachronism":
            continue
        for doc, value in (d.get("values") or {}).items():
            year = _YEAR.search(str(value))
            if not year or doc not in docs or int(year.group(1)) <= _max_other_year(d, doc):
                continue
            hit = any(year.group(1) in x.get("note", "") and docs[doc] in x.get("note", "") for x in found)
            checks.append(Check(f"{d['subject']}: founding year {year.group(1)} in {doc} is an anachronism", hit,
                                f"{len(found)} anachronism discrepancies"))
    return checks


def _max_other_year(discrepancy: dict[str, Any], doc: str) -> int:
    years = [int(y) for k, v in (discrepancy.get("values") or {}).items() if k != doc for y in _YEAR.findall(str(v))]
    return max(years, default=0)


def profile_checks(gold: dict[str, Any], export: dict[str, Any]) -> list[Check]:
    checks = []
    entities = {e["id"]: e for e in export.get("entities") or []}
    for key, org in (gold.get("organizations") or {}).items():
        profile = _profile_for(org, export.get("profiles") or [], entities)
        founded = {str(f.get("value"))[:4] for f in (profile or {}).get("founded") or []}
        anachronistic = _anachronistic_years(gold, key)
        for year in sorted({str(f["value"])[:4] for f in org.get("founded") or []} - anachronistic):
            checks.append(Check(f"{key}: profile holds founding year {year}", year in founded, f"found {sorted(founded)}"))
        dates = {str(d.get("date")) for d in (profile or {}).get("designations") or []}
        for designation in org.get("designations") or []:
            checks.append(Check(f"{key}: profile holds designation {designation['date']}", designation["date"] in dates,
                                f"found {sorted(dates)}"))
    return checks


def _anachronistic_years(gold: dict[str, Any], subject: str) -> set[str]:
    out = set()
    for d in gold.get("discrepancies") or []:
        if d.get("kind") == "anachronism" and d.get("subject") == subject:
            for doc, value in (d.get("values") or {}).items():
                year = _YEAR.search(str(value))
                if year and int(year.group(1)) > _max_other_year(d, doc):
                    out.add(year.group(1))
    return out


def _profile_for(org: dict[str, Any], profiles: list[dict[str, Any]], entities: dict[str, Any]) -> dict[str, Any] | None:
    from rasid.text.normalize import normalize

    aliases = {normalize(a) for a in org.get("aliases_in_text") or []}
    def overlap(profile: dict[str, Any]) -> int:
        entity = entities.get(profile.get("entity")) or {}
        names = {normalize(n) for n in [entity.get("name_ar") or ""] + list(entity.get("aliases") or [])}
        return len(names & aliases)
    best = max(profiles, key=overlap, default=None)
    return best if best is not None and overlap(best) else None


def perpetrator_checks(gold: dict[str, Any], export: dict[str, Any], docs: dict[str, str]) -> list[Check]:
    checks = []
    for item in gold.get("not_a_discrepancy") or []:
        wanted = {docs[k] for k in item.get("values") or {} if k in docs}
        event = covering_event(export.get("events") or [], wanted)
        clash = [x for x in (event or {}).get("discrepancies") or [] if x.get("field") == item.get("field")]
        checks.append(Check(f"{item['subject']}: no {item['field']} discrepancy", event is not None and not clash,
                            "no event found" if event is None else f"{len(clash)} found"))
    return checks


def seed_checks(gold: dict[str, Any], export: dict[str, Any]) -> list[Check]:
    docs = doc_articles(export)
    return (discrepancy_checks(gold, export, docs) + anachronism_checks(gold, export, docs)
            + profile_checks(gold, export) + perpetrator_checks(gold, export, docs))


# -- CLI ---------------------------------------------------------------------------------------
def register_eval(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("resolve", help="cross-article resolution: pairwise P/R/F1 on labelled articles; seed checks",
                       description="Run the whole pipeline on labelled articles (--data) or on the seeds "
                                   "(--seeds with --gold) and measure cross-article resolution.")
    p.add_argument("--data", metavar="FILE", help="JSON Lines: id, outlet, published, title, text, incident, split")
    p.add_argument("--seeds", metavar="DIR", help="folder of seed articles named NNN_*.txt")
    p.add_argument("--gold", metavar="FILE", help="the seeds' gold reading (JSON) for --seeds")
    p.set_defaults(func=run_eval)


def run_eval(args: argparse.Namespace) -> int:
    if not args.data and not args.seeds:
        raise InputError("nothing to evaluate: pass --data FILE or --seeds DIR --gold FILE")
    failed = 0
    if args.data:
        rows = load_labelled(args.data)
        print_scores(evaluate_labelled(rows, export_for_rows(rows)), rows)
    if args.seeds:
        if not args.gold:
            raise InputError("--seeds needs --gold FILE (the seeds' gold reading)")
        try:
            gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(f"cannot read the gold file ({exc}): pass the seeds' gold JSON", source=args.gold) from exc
        checks = seed_checks(gold, run_pipeline([args.seeds]))
        for check in checks:
            print(f"{'PASS' if check.passed else 'FAIL'}  {check.name}  ({check.detail})")
        failed = sum(not c.passed for c in checks)
        print(f"{len(checks) - failed}/{len(checks)} checks pass")
    return 1 if failed else 0

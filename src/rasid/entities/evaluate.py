"""Entity-level NER scoring (conlleval-equivalent) and ``rasid eval ner``.

An entity counts as correct only when its span and its type are both exactly right. Spans
are read from IOB tags the way conlleval reads them (see :func:`rasid.entities.conll.chunks`).
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from rasid.cli.common import command_parser
from rasid.entities.conll import chunks, read_conll, write_predictions
from rasid.entities.consistency import propagate_labels
from rasid.errors import InputError, UsageError


@dataclass(slots=True)
class Counts:
    gold: int = 0
    predicted: int = 0
    correct: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Score:
    """Entity counts per type and overall, plus token accuracy."""

    by_type: dict[str, Counts] = field(default_factory=dict)
    overall: Counts = field(default_factory=Counts)
    tokens: int = 0
    tokens_correct: int = 0

    @property
    def accuracy(self) -> float:
        return self.tokens_correct / self.tokens if self.tokens else 0.0

    def counts(self, kind: str) -> Counts:
        return self.by_type.setdefault(kind, Counts())


def score_sentence(score: Score, gold: list[str], predicted: list[str]) -> None:
    """Add one sentence's counts to ``score``."""
    if len(gold) != len(predicted):
        raise InputError(f"gold has {len(gold)} tags but prediction {len(predicted)}: tag every token")
    gold_chunks, pred_chunks = set(chunks(gold)), set(chunks(predicted))
    for chunk in gold_chunks:
        score.counts(chunk.type).gold += 1
    for chunk in pred_chunks:
        score.counts(chunk.type).predicted += 1
    for chunk in gold_chunks & pred_chunks:
        score.counts(chunk.type).correct += 1
    score.overall.gold += len(gold_chunks)
    score.overall.predicted += len(pred_chunks)
    score.overall.correct += len(gold_chunks & pred_chunks)
    score.tokens += len(gold)
    score.tokens_correct += sum(g == p for g, p in zip(gold, predicted))


def score_all(pairs: Iterable[tuple[list[str], list[str]]]) -> Score:
    """Score (gold, predicted) tag sequences."""
    score = Score()
    for gold, predicted in pairs:
        score_sentence(score, gold, predicted)
    return score


def format_score(score: Score) -> str:
    """A conlleval-like table: one line per type and one overall."""
    lines = [f"tokens {score.tokens}, token accuracy {score.accuracy:.4f}",
             f"{'type':<8}{'gold':>7}{'pred':>7}{'correct':>9}{'P':>8}{'R':>8}{'F1':>8}"]
    rows = sorted(score.by_type.items()) + [("overall", score.overall)]
    for kind, c in rows:
        lines.append(f"{kind:<8}{c.gold:>7}{c.predicted:>7}{c.correct:>9}"
                     f"{c.precision:>8.4f}{c.recall:>8.4f}{c.f1:>8.4f}")
    return "\n".join(lines)


def _run_eval(args: argparse.Namespace) -> int:
    from rasid.entities.tagger import get_tagger

    sentences = read_conll(args.data)
    if not sentences:
        raise UsageError(f"{args.data} holds no sentences: give a 'token TAG' file")
    tagger = get_tagger()
    tag_many = getattr(tagger, "tag_many", None)    # batched when the tagger offers it (the neural one)
    tokens = [s.tokens for s in sentences]
    predicted = tag_many(tokens) if tag_many is not None else [tagger.tag(t) for t in tokens]
    if not args.sentence_by_sentence:
        predicted = propagate_labels(tokens, predicted)
    rows = [(s.tokens, s.tags, p) for s, p in zip(sentences, predicted)]
    if args.predictions:
        Path(args.predictions).parent.mkdir(parents=True, exist_ok=True)
        with open(args.predictions, "w", encoding="utf-8") as out:
            write_predictions(out, rows)
    score = score_all((gold, predicted) for _, gold, predicted in rows)
    print(f"tagger: {type(tagger).__name__}", file=sys.stdout)
    print(format_score(score), file=sys.stdout)
    return 0


def register_eval(sub: argparse._SubParsersAction) -> None:
    """``rasid eval ner --data FILE [--predictions OUT.tsv]``."""
    p = command_parser(sub, "ner", "score the NER tagger on a 'token TAG' file (entity-level P/R/F1)",
                       "  rasid eval ner --data ../shared/data/ner/anercorp/test.txt --predictions var/ner-test.tsv\n")
    p.add_argument("--data", required=True, help="'token TAG' file, blank line between sentences (IOB2 or IOB1)")
    p.add_argument("--predictions", default=None, metavar="OUT.tsv",
                   help="write token<TAB>gold<TAB>predicted lines here")
    p.add_argument("--sentence-by-sentence", action="store_true",
                   help="score the tagger's labels alone, without document-level consistency "
                        "(by default a name tagged once is labelled where it recurs within 15 sentences)")
    p.set_defaults(func=_run_eval)

"""``rasid bench tag``: NER tagging throughput (tokens per second, one core) over news text.

Sentence splitting and tokenization happen before the clock starts; the timed part is
``tagger.tag_many`` over the sentences in news order (CRF: features + decoding one sentence
at a time; neural: per-word vectors, BiLSTM and Viterbi over batches of sentences of about
the same length, as ``tag_spans_many`` does for the documents an engine reads together), with a
fresh tagger (empty word cache),
so cache warm-up is included.
"""
from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rasid.cli.common import command_parser
from rasid.entities.clusters import iter_news_texts
from rasid.entities.tagger import MODEL_NAME, NEURAL_MODEL_NAME, TAGGER_KINDS, Tagger, tagger_kind
from rasid.resources import model_path
from rasid.text.segment import split_sentences, tokenize

if TYPE_CHECKING:
    from rasid.entities.neural_tagger import NeuralTagger

NEWS_FILE = "news/ant_v2_multisource.jsonl.gz"


@dataclass(frozen=True, slots=True)
class TagBench:
    sentences: int
    tokens: int
    seconds: float

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.seconds if self.seconds else 0.0


def news_sentences(news_file: Path, max_tokens: int) -> list[list[str]]:
    """Token lists of the sentences of de-duplicated news articles, up to ``max_tokens``."""
    out: list[list[str]] = []
    total = 0
    for text in iter_news_texts([news_file]):
        for span in split_sentences(text):
            words = [t.text for t in tokenize(text, span.start, span.end)]
            if words:
                out.append(words)
                total += len(words)
        if total >= max_tokens:
            break
    return out


def bench_tagging(tagger: "Tagger | NeuralTagger", sentences: list[list[str]]) -> TagBench:
    """Time ``tagger.tag_many`` over all the sentences (process CPU time: one core)."""
    started = time.process_time()
    tagger.tag_many(sentences)
    seconds = time.process_time() - started
    return TagBench(len(sentences), sum(map(len, sentences)), seconds)


def _run_bench(args: argparse.Namespace) -> int:
    sentences = news_sentences(Path(args.data_dir) / NEWS_FILE, args.tokens)
    kind = args.kind or tagger_kind()
    if kind == "neural":
        from rasid.entities.neural_tagger import NeuralTagger

        tagger: Tagger | NeuralTagger = NeuralTagger(Path(args.model) if args.model else model_path(NEURAL_MODEL_NAME))
    else:
        tagger = Tagger(Path(args.model) if args.model else model_path(MODEL_NAME))
    result = bench_tagging(tagger, sentences)
    print(f"{kind} tagger: tagged {result.tokens} tokens in {result.sentences} sentences in {result.seconds:.2f}s CPU: "
          f"{result.tokens_per_second:,.0f} tokens/s (one core, cold word cache)")
    return 0


def register_bench(sub: argparse._SubParsersAction) -> None:
    """``rasid bench tag``."""
    p = command_parser(sub, "tag", "NER tagging speed in tokens/s on one core over news text",
                       "  rasid bench tag --data-dir ../shared/data --tokens 200000\n")
    p.add_argument("--data-dir", default="../shared/data", help=f"folder holding {NEWS_FILE}")
    p.add_argument("--tokens", type=int, default=200_000, help="how many tokens of news to tag")
    p.add_argument("--kind", choices=TAGGER_KINDS, default=None,
                   help="crf or neural (default: the one get_tagger() uses)")
    p.add_argument("--model", default=None, help="model file of that kind (default: the packaged one)")
    p.set_defaults(func=_run_bench)

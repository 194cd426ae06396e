"""``rasid train ner``: train the CRF tagger from ../shared/data, deterministically.

ANERcorp train is split into a train part and a DEV part (its last ``dev_fraction`` of
sentences); the model is trained on the train part (plus optional extra corpora), scored on
DEV, then by default refitted on all of ANERcorp train (+ extras) with the same settings and
written to ``src/rasid/models/ner.crfsuite``. ANERcorp test is never read here.
"""
from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from rasid.cli.common import command_parser
from rasid.entities.clusters import ClusterSettings, VectorSettings, learn_clusters, learn_vectors, write_clusters, write_vectors
from rasid.entities.conll import TaggedSentence, read_conll
from rasid.entities.evaluate import Score, format_score, score_all
from rasid.entities.features import MAX_GAZETTEER_WORDS, FeatureExtractor, FeatureResources, load_resources
from rasid.errors import ResourceError, UsageError
from rasid.resources import model_path
from rasid.text.clitics import strip_proclitics
from rasid.text.normalize import normalize

ANERCORP_TRAIN = "ner/anercorp/train.txt"


@dataclass(frozen=True, slots=True)
class ExtraCorpus:
    path: str
    fine: bool = False
    outermost: bool = False


EXTRA_CORPORA = {
    "aqmar": ExtraCorpus("ner/aqmar/train.txt"),
    "newsfane": ExtraCorpus("ner/newsfane/NewsFANE_Gold_2014_170K.noLRM.minus_ANERcorpCamelTest.txt", fine=True),
    "wojood": ExtraCorpus("ner/wojood_sample/wojood_sample_train.txt", outermost=True),
}
GAZETTEER_SOURCES = (  # (file under data dir, type, column or None for plain lines)
    ("gazetteer/anergazet/ITE5th_cleaned_locations.txt", "LOC", None),
    ("gazetteer/anergazet/ANERGazet_AlignedLocGazetteer.txt", "LOC", None),
    ("gazetteer/anergazet/ITE5th_cleaned_orgs.txt", "ORG", None),
    ("gazetteer/anergazet/ITE5th_cleaned_people.txt", "PER", None),
    ("gazetteer/geonames/countries_ar.tsv", "LOC", "name_ar"),
    ("gazetteer/geonames/cities15000_arabic_names.tsv", "LOC", "arabic_script_names_excluding_persian_urdu_letters"),
    ("gazetteer/naturalearth_admin1/admin1_arabic_names.tsv", "LOC", "name_ar"),
)
NEWS_FILES = ("news/ant_v2_multisource.jsonl.gz", "news/ant_v1_jawharafm.jsonl.gz")
UN_SANCTIONS = "kb/un_sanctions/un_sanctions_names.tsv"
UN_TYPES = {"individual": "PER", "entity": "ORG"}
OVERLAP_SHINGLE = 12
OVERLAP_DROP = 0.3


@dataclass(frozen=True, slots=True)
class CrfSettings:
    c1: float = 0.05
    c2: float = 0.05
    max_iterations: int = 200
    min_freq: int = 1


@dataclass(slots=True)
class Split:
    train: list[TaggedSentence] = field(default_factory=list)
    dev: list[TaggedSentence] = field(default_factory=list)


def split_dev(sentences: list[TaggedSentence], dev_fraction: float) -> Split:
    """The last ``dev_fraction`` of the sentences are DEV."""
    if not 0.0 <= dev_fraction < 1.0:
        raise UsageError("--dev-fraction must be in [0, 1)")
    cut = len(sentences) - int(round(len(sentences) * dev_fraction))
    return Split(sentences[:cut], sentences[cut:])


def _shingles(sentence: TaggedSentence) -> set[str]:
    letters = normalize("".join(sentence.tokens)).replace("و", "")
    return {letters[i:i + OVERLAP_SHINGLE] for i in range(0, max(len(letters) - OVERLAP_SHINGLE, 0) + 1)}


def drop_overlapping(sentences: list[TaggedSentence], held_out: list[TaggedSentence]) -> list[TaggedSentence]:
    """``sentences`` minus those sharing much text with ``held_out`` (re-annotations of it)."""
    held: set[str] = set()
    for s in held_out:
        held |= _shingles(s)
    kept = []
    for s in sentences:
        own = _shingles(s)
        if not own or len(own & held) / len(own) < OVERLAP_DROP:
            kept.append(s)
    return kept


def load_extras(data_dir: Path, names: list[str], dev: list[TaggedSentence]) -> list[TaggedSentence]:
    """Extra training corpora by name, with sentences overlapping DEV removed."""
    out: list[TaggedSentence] = []
    for name in names:
        if name not in EXTRA_CORPORA:
            raise UsageError(f"unknown extra corpus {name!r}: choose from {sorted(EXTRA_CORPORA)}")
        corpus = EXTRA_CORPORA[name]
        sentences = read_conll(data_dir / corpus.path, fine=corpus.fine, outermost=corpus.outermost)
        out.extend(drop_overlapping(sentences, dev))
    return out


def train_crf(sentences: list[TaggedSentence], extractor: FeatureExtractor, settings: CrfSettings,
              out: Path) -> None:
    """Train a CRF (L-BFGS, elastic net) and write it to ``out``."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for s in sentences:
        trainer.append(extractor.sentence(s.tokens), s.tags)
    trainer.set_params({"c1": settings.c1, "c2": settings.c2, "max_iterations": settings.max_iterations,
                        "feature.minfreq": settings.min_freq, "feature.possible_transitions": True})
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    trainer.train(str(tmp))
    os.replace(tmp, out)


def score_model(path: Path, sentences: list[TaggedSentence], extractor: FeatureExtractor) -> Score:
    """Entity-level score of the model at ``path`` on ``sentences``."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    try:
        return score_all((s.tags, tagger.tag(extractor.sentence(s.tokens))) for s in sentences)
    finally:
        tagger.close()


def run_training(data_dir: Path, out: Path, dev_fraction: float, extras: list[str], settings: CrfSettings,
                 *, refit: bool = True, resources: FeatureResources | None = None) -> Score:
    """Train on the split, score DEV, optionally refit on everything; returns the DEV score."""
    train_file = data_dir / ANERCORP_TRAIN
    if not train_file.is_file():
        raise ResourceError("ANERcorp train not found: pass --data-dir pointing at shared/data", source=str(train_file))
    split = split_dev(read_conll(train_file), dev_fraction)
    extra = load_extras(data_dir, extras, split.dev)
    extractor = FeatureExtractor(resources if resources is not None else load_resources())
    started = time.monotonic()
    dev_model = out.with_name(out.stem + ".dev.crfsuite") if refit and split.dev else out
    train_crf(split.train + extra, extractor, settings, dev_model)
    print(f"trained on {len(split.train)} + {len(extra)} extra sentences in {time.monotonic() - started:.0f}s",
          file=sys.stderr)
    score = score_model(dev_model, split.dev, extractor) if split.dev else Score()
    if refit and split.dev:
        dev_model.unlink()
        extra_all = load_extras(data_dir, extras, [])
        train_crf(split.train + split.dev + extra_all, extractor, settings, out)
    return score


def _plain_names(path: Path) -> Iterator[str]:
    """One name per line; ANERGazet's '====' and '****' separator lines skipped."""
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        if line.strip() and line.strip()[0] not in "=*":
            yield line.strip()


def _column_names(path: Path, column: str, *, type_column: str | None = None,
                  type_value: str | None = None) -> Iterator[str]:
    """'|'-separated names from one column of a TSV with a header line."""
    with path.open(encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        for row in reader:
            if type_column and row.get(type_column) != type_value:
                continue
            yield from (n.strip() for n in (row.get(column) or "").split("|") if n.strip())


def gazetteer_key(name: str) -> str | None:
    """The key a name is matched by: one normalized word, or the clitic-stripped stems of several."""
    words = normalize(name).split()
    if not words or len(words) > MAX_GAZETTEER_WORDS:
        return None
    key = words[0] if len(words) == 1 else " ".join(strip_proclitics(w) for w in words)
    if len(key) < 2 or not all("\u0621" <= ch <= "\u064a" or ch == " " for ch in key):
        return None
    return key


def derive_gazetteer(data_dir: Path) -> dict[str, set[str]]:
    """{key: types} from ANERGazet, GeoNames, Natural Earth and the UN sanctions list."""
    entries: dict[str, set[str]] = {}
    for rel, kind, column in GAZETTEER_SOURCES:
        path = data_dir / rel
        if not path.is_file():
            raise ResourceError("gazetteer source not found: pass --data-dir pointing at shared/data", source=str(path))
        names = _plain_names(path) if column is None else _column_names(path, column)
        for name in names:
            key = gazetteer_key(name)
            if key:
                entries.setdefault(key, set()).add(kind)
    for typ, kind in UN_TYPES.items():
        for name in _column_names(data_dir / UN_SANCTIONS, "name_original_script", type_column="type", type_value=typ):
            key = gazetteer_key(name)
            if key:
                entries.setdefault(key, set()).add(kind)
    return entries


def write_gazetteer(entries: dict[str, set[str]], out: Path) -> None:
    """``key<TAB>TYPE`` lines, sorted."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for key in sorted(entries):
            for kind in sorted(entries[key]):
                handle.write(f"{key}\t{kind}\n")


def _run_resources(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir)
    out_dir = Path(args.out_dir) if args.out_dir else model_path("x").parent.parent / "data" / "ner"
    entries = derive_gazetteer(data_dir)
    write_gazetteer(entries, out_dir / "gazetteer.tsv")
    print(f"gazetteer: {len(entries)} names -> {out_dir / 'gazetteer.tsv'}")
    started = time.monotonic()
    clusters = learn_clusters([data_dir / rel for rel in NEWS_FILES], ClusterSettings())
    write_clusters(clusters, out_dir / "clusters.tsv")
    print(f"clusters: {len(clusters)} words in {time.monotonic() - started:.0f}s -> {out_dir / 'clusters.tsv'}")
    if not args.vectors:
        return 0
    started = time.monotonic()
    vectors = learn_vectors([data_dir / rel for rel in NEWS_FILES], VectorSettings())
    write_vectors(vectors, out_dir / "vectors.tsv")
    print(f"vectors: {len(vectors)} words in {time.monotonic() - started:.0f}s -> {out_dir / 'vectors.tsv'}")
    return 0


def _run_train(args: argparse.Namespace) -> int:
    settings = CrfSettings(args.c1, args.c2, args.max_iterations, args.min_freq)
    extras = [e for e in (args.extra or "").split(",") if e]
    out = Path(args.out) if args.out else model_path("ner.crfsuite")
    score = run_training(Path(args.data_dir), out, args.dev_fraction, extras, settings, refit=not args.no_refit)
    print("DEV (last {:.0%} of ANERcorp train):".format(args.dev_fraction))
    print(format_score(score))
    print(f"model written to {out} ({out.stat().st_size / 1e6:.1f} MB)")
    return 0


def register_train(sub: argparse._SubParsersAction) -> None:
    """``rasid train ner`` and ``rasid train ner-resources``."""
    p = command_parser(sub, "ner", "train the CRF named-entity tagger (prints DEV scores)",
                       "  rasid train ner --data-dir ../shared/data\n"
                       "  rasid train ner --no-refit --c1 0.1 --c2 0.01 --out var/try.crfsuite\n")
    p.add_argument("--data-dir", default="../shared/data", help="folder holding ner/anercorp/train.txt")
    p.add_argument("--out", default=None, help="model file (default: the packaged src/rasid/models/ner.crfsuite)")
    p.add_argument("--dev-fraction", type=float, default=0.1, help="last fraction of ANERcorp train held out as DEV")
    p.add_argument("--extra", default="", help="comma-separated extra corpora: aqmar, newsfane, wojood")
    defaults = CrfSettings()
    p.add_argument("--c1", type=float, default=defaults.c1, help="L1 penalty")
    p.add_argument("--c2", type=float, default=defaults.c2, help="L2 penalty")
    p.add_argument("--max-iterations", type=int, default=defaults.max_iterations)
    p.add_argument("--min-freq", type=int, default=defaults.min_freq, help="drop features seen fewer times")
    p.add_argument("--no-refit", action="store_true", help="write the model trained without DEV")
    p.set_defaults(func=_run_train)
    r = command_parser(sub, "ner-resources", "derive the NER gazetteer and learn word clusters (and optionally vectors) from the news",
                       "  rasid train ner-resources --data-dir ../shared/data\n")
    r.add_argument("--data-dir", default="../shared/data", help="folder holding gazetteer/, kb/ and news/")
    r.add_argument("--out-dir", default=None, help="default: the packaged src/rasid/data/ner/")
    r.add_argument("--vectors", action="store_true",
                   help="also learn vectors.tsv (dense word vectors; the tagger uses them when present. "
                        "They lowered DEV F1, so the shipped model has none)")
    r.set_defaults(func=_run_resources)

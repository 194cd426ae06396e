"""``rasid train ner-embeddings`` and ``rasid train ner-neural``: the neural NER tagger.

Needs the ``train`` extra (torch). ANERcorp train is split as for the CRF (its last
``dev_fraction`` of sentences is DEV). The network is trained on the rest, scored on DEV
after every epoch with the NumPy tagger (the code that ships), and the best epoch's weights
are kept. With ``--refit`` a second network is trained on all of ANERcorp train for that
many epochs and exported instead. ANERcorp test is never read here. Seeded and run on a
fixed number of threads, so a run reproduces the shipped ``ner-neural.npz``.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from collections import deque
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from rasid.cli.common import command_parser
from rasid.entities.conll import TaggedSentence, chunks, read_conll
from rasid.entities.evaluate import Score, format_score, score_all
from rasid.entities.features import GAZETTEER_FILE, FeatureResources, load_resources, parse_gazetteer
from rasid.entities.neural_embed import EmbedSettings, Embeddings, learn_embeddings, load_embeddings, save_embeddings
from rasid.entities.neural_vocab import (FEATURE_SLOTS, MAX_CHARS, Vocabulary, WordIds, char_table, feature_table,
                                         multiword_marks, word_key)
from rasid.entities.train import ANERCORP_TRAIN, NEWS_FILES, load_extras, split_dev
from rasid.entities.tagger import NEURAL_MODEL_NAME
from rasid.errors import ResourceError, UsageError
from rasid.resources import data_path, model_path

LABELS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")
DEFAULT_EMBEDDINGS = "var/ner-embeddings.npz"
MAX_TRAIN_LENGTH = 100


@dataclass(frozen=True, slots=True)
class NeuralSettings:
    epochs: int = 50
    batch: int = 16
    learning_rate: float = 0.002
    clip: float = 5.0
    word_dropout: float = 0.05
    shipped_words: int = 60_000
    freeze_embeddings: bool = True
    hidden: int = 128
    char_filters: int = 50
    dropout: float = 0.5
    seed: int = 11
    threads: int = 1
    average_last: int = 0    # > 0: export the mean of the last N epochs' weights (scored on DEV each epoch)
    replace_names: float = 0.0   # chance, per entity and epoch, that a training name is swapped for another
    name_dropout: float = 0.0    # word dropout (to UNK) of the tokens inside entities, on top of word_dropout
    swap_gazetteer: bool = False  # names swapped in are also drawn from the packaged gazetteer


def chop(sentence: TaggedSentence, limit: int = MAX_TRAIN_LENGTH) -> list[TaggedSentence]:
    """Pieces of at most ``limit`` tokens (training only: a few corpus 'sentences' are whole articles)."""
    if len(sentence.tokens) <= limit:
        return [sentence]
    pieces = []
    for start in range(0, len(sentence.tokens), limit):
        tags = list(sentence.tags[start:start + limit])
        if tags[0].startswith("I-"):
            tags[0] = "B-" + tags[0][2:]
        pieces.append(TaggedSentence(sentence.tokens[start:start + limit], tags))
    return pieces


NamePool = dict[str, list[tuple[str, ...]]]


def name_pool(sentences: list[TaggedSentence]) -> NamePool:
    """The distinct entity names of ``sentences`` by type (token tuples, in order of first use)."""
    found: dict[str, dict[tuple[str, ...], None]] = {}
    for sentence in sentences:
        for chunk in chunks(sentence.tags):
            found.setdefault(chunk.type, {})[tuple(sentence.tokens[chunk.start:chunk.end])] = None
    return {kind: list(names) for kind, names in found.items()}


def gazetteer_names(lines: list[str]) -> NamePool:
    """The names of packaged gazetteer lines (``name<TAB>TYPE``, validated by ``parse_gazetteer``) by type."""
    parse_gazetteer(lines, f"rasid/data/{GAZETTEER_FILE}")
    pool: dict[str, dict[tuple[str, ...], None]] = {}
    for line in lines:
        name, _, kind = line.rstrip("\n").partition("\t")
        if name.strip() and not line.startswith("#"):
            pool.setdefault(kind, {})[tuple(name.split())] = None
    return {kind: list(names) for kind, names in pool.items()}


def merged_pools(first: NamePool, second: NamePool) -> NamePool:
    """Names of both pools by type, each name once."""
    return {kind: list(dict.fromkeys(first.get(kind, []) + second.get(kind, []))) for kind in {*first, *second}}


def swap_names(sentence: TaggedSentence, pool: NamePool, chance: float, rng: random.Random) -> TaggedSentence:
    """``sentence`` with each entity swapped, with probability ``chance``, for a random name of its type."""
    spans = chunks(sentence.tags)
    if not chance or not spans:
        return sentence
    tokens: list[str] = []
    tags: list[str] = []
    last = 0
    for chunk in spans:
        names = pool.get(chunk.type)
        if not names or rng.random() >= chance:
            continue
        name = names[rng.randrange(len(names))]
        tokens += sentence.tokens[last:chunk.start] + list(name)
        tags += sentence.tags[last:chunk.start] + [f"B-{chunk.type}"] + [f"I-{chunk.type}"] * (len(name) - 1)
        last = chunk.end
    if not last:
        return sentence
    return TaggedSentence(tokens + sentence.tokens[last:], tags + sentence.tags[last:])


def build_vocabulary(sentences: list[TaggedSentence], embeddings: Embeddings, settings: NeuralSettings,
                     resources: FeatureResources) -> tuple[Vocabulary, np.ndarray]:
    """Vocabulary (training words + the most frequent embedded words) and its initial word matrix."""
    tokens = [t for s in sentences for t in s.tokens]
    known = {w: i for i, w in enumerate(embeddings.words)}
    words = ["<pad>", "<unk>"] + embeddings.words[:settings.shipped_words]
    seen = set(words)
    for key in dict.fromkeys(word_key(t) for t in tokens):
        if key not in seen:
            words.append(key)
            seen.add(key)
    rng = np.random.default_rng(settings.seed)
    dim = embeddings.vectors.shape[1]
    scale = float(embeddings.vectors.std())
    matrix = rng.normal(0.0, scale, (len(words), dim)).astype(np.float32)
    matrix[0] = 0.0
    for i, w in enumerate(words):
        if w in known:
            matrix[i] = embeddings.vectors[known[w]]
    vocab = Vocabulary(words, char_table(tokens), feature_table(tokens, resources), resources)
    return vocab, matrix


def encode(sentences: list[TaggedSentence], vocab: Vocabulary,
           cache: dict[str, WordIds] | None = None) -> list[dict[str, np.ndarray]]:
    """Id arrays per sentence: words, chars, char lengths, features, marks, tags (``cache``: ids per token)."""
    cache = {} if cache is None else cache
    out = []
    for s in sentences:
        ids = []
        for token in s.tokens:
            found = cache.get(token)
            if found is None:
                found = cache[token] = vocab.ids(token)
            ids.append(found)
        chars = np.zeros((len(ids), MAX_CHARS), dtype=np.int64)
        feats = np.zeros((len(ids), FEATURE_SLOTS), dtype=np.int64)
        for row, w in enumerate(ids):
            chars[row, :len(w.chars)] = w.chars
            feats[row, :len(w.features)] = w.features
        out.append({"words": np.array([w.word for w in ids], dtype=np.int64), "chars": chars,
                    "char_lengths": np.array([len(w.chars) for w in ids], dtype=np.int64), "features": feats,
                    "marks": np.array(multiword_marks(s.tokens, vocab.resources), dtype=np.int64),
                    "tags": np.array([LABELS.index(t) if t in LABELS else 0 for t in s.tags], dtype=np.int64)})
    return out


def make_batch(items: list[dict[str, np.ndarray]], word_dropout: float, rng: np.random.Generator,
               name_dropout: float = 0.0):
    import torch

    from rasid.entities.neural_net import Batch

    length = max(len(i["words"]) for i in items)

    def pad(key: str) -> torch.Tensor:
        first = items[0][key]
        arr = np.zeros((len(items), length) + first.shape[1:], dtype=np.int64)
        for row, item in enumerate(items):
            arr[row, :len(item[key])] = item[key]
        return torch.from_numpy(arr)

    words, tags = pad("words"), pad("tags")
    if word_dropout:
        drop = torch.from_numpy(rng.random(tuple(words.shape)) < word_dropout) & (words > 0)
        words = words.masked_fill(drop, 1)
    if name_dropout:
        drop = torch.from_numpy(rng.random(tuple(words.shape)) < name_dropout) & (words > 0) & (tags > 0)
        words = words.masked_fill(drop, 1)
    return Batch(words, pad("chars"), pad("char_lengths"), pad("features"), pad("marks"),
                 torch.tensor([len(i["words"]) for i in items]), tags)


def batches(items: list[dict[str, np.ndarray]], size: int, rng: random.Random) -> list[list[dict[str, np.ndarray]]]:
    """Batches of similar length (sorted, cut, then shuffled)."""
    order = sorted(range(len(items)), key=lambda i: (len(items[i]["words"]), rng.random()))
    groups = [[items[i] for i in order[k:k + size]] for k in range(0, len(order), size)]
    rng.shuffle(groups)
    return groups


def score_arrays(arrays: dict[str, np.ndarray], sentences: list[TaggedSentence], resources: FeatureResources) -> Score:
    """Entity-level score of the exported model (NumPy tagger) on ``sentences``."""
    from rasid.entities.neural_model import NeuralModel

    model = NeuralModel(arrays, resources)
    predicted: list[list[str]] = []
    for k in range(0, len(sentences), 64):
        predicted += model.tag_batch([s.tokens for s in sentences[k:k + 64]])[1]
    return score_all((s.tags, p) for s, p in zip(sentences, predicted))


def model_arrays(net, vocab: Vocabulary, *, half: bool) -> dict[str, np.ndarray]:
    from rasid.entities.neural_net import export_arrays

    arrays = export_arrays(net, half_embeddings=half)
    arrays.update(words=np.array(vocab.words), chars=np.array(vocab.chars), features=np.array(vocab.features),
                  labels=np.array(LABELS))
    return arrays


def averaged(snapshots: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Element-wise mean of exported weights (arrays equal in every snapshot are kept as they are)."""
    out = dict(snapshots[-1])
    for name, last in snapshots[-1].items():
        if last.dtype.kind == "f" and any(s[name] is not last for s in snapshots[:-1]):
            out[name] = (np.mean([s[name] for s in snapshots], axis=0, dtype=np.float64)).astype(last.dtype)
    return out


def train_network(train: list[TaggedSentence], dev: list[TaggedSentence], vocab: Vocabulary, matrix: np.ndarray,
                  settings: NeuralSettings, *, epochs: int | None = None) -> tuple[dict[str, np.ndarray], Score, int]:
    """Train; returns the exported arrays of the best DEV epoch (or the last when no DEV), its score, the epoch."""
    import torch

    from rasid.entities.neural_net import NerNet, NetSizes

    torch.manual_seed(settings.seed)
    torch.set_num_threads(settings.threads)
    rng, np_rng = random.Random(settings.seed), np.random.default_rng(settings.seed)
    sizes = NetSizes(len(vocab.words), len(vocab.chars), len(vocab.features), len(LABELS),
                     word_dim=matrix.shape[1], hidden=settings.hidden, dropout=settings.dropout,
                     char_filters=settings.char_filters)
    net = NerNet(sizes)
    with torch.no_grad():
        net.word_emb.weight.copy_(torch.from_numpy(matrix))
    net.word_emb.weight.requires_grad_(not settings.freeze_embeddings)
    optimizer = torch.optim.Adam([p for p in net.parameters() if p.requires_grad], lr=settings.learning_rate)
    pieces = [piece for s in train for piece in chop(s)]
    cache: dict[str, WordIds] = {}
    items = encode(pieces, vocab, cache)
    pool, swap_rng = name_pool(pieces), random.Random(settings.seed + 1)
    if settings.swap_gazetteer:
        lines = data_path(GAZETTEER_FILE).read_text(encoding="utf-8").splitlines()
        pool = merged_pools(pool, gazetteer_names(lines))
    best: tuple[dict[str, np.ndarray], Score, int] | None = None
    recent: deque[dict[str, np.ndarray]] = deque(maxlen=max(settings.average_last, 1))
    frozen_words: np.ndarray | None = None
    for epoch in range(1, (epochs or settings.epochs) + 1):
        started, total = time.process_time(), 0.0
        net.train()
        if settings.replace_names:
            items = encode([swap_names(p, pool, settings.replace_names, swap_rng) for p in pieces], vocab, cache)
        for group in batches(items, settings.batch, rng):
            loss = net.loss(make_batch(group, settings.word_dropout, np_rng, settings.name_dropout))
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), settings.clip)
            optimizer.step()
            total += float(loss.detach())
        net.eval()
        arrays = model_arrays(net, vocab, half=False)
        if settings.freeze_embeddings:   # one copy of the fixed word vectors shared by all snapshots
            frozen_words = arrays["word_emb"] if frozen_words is None else frozen_words
            arrays["word_emb"] = frozen_words
        score = score_arrays(arrays, dev, vocab.resources) if dev else Score()
        dev_text = f"DEV F1 {score.overall.f1:.4f}" if dev else "no DEV"
        if settings.average_last:
            recent.append(arrays)
            arrays = averaged(list(recent))
            score = score_arrays(arrays, dev, vocab.resources) if dev else Score()
            dev_text += f", mean of last {len(recent)}: DEV F1 {score.overall.f1:.4f}" if dev else ""
        print(f"epoch {epoch}: loss {total:.0f}, {dev_text}, {time.process_time() - started:.0f}s CPU", file=sys.stderr)
        if best is None or not dev or score.overall.f1 > best[1].overall.f1:
            best = (arrays, score, epoch)   # fresh arrays every epoch: nothing to copy
    assert best is not None
    arrays = best[0]
    arrays["word_emb"] = arrays["word_emb"].astype(np.float16)
    return arrays, best[1], best[2]


def run_neural_training(data_dir: Path, embeddings_file: Path, out: Path, dev_fraction: float, extras: list[str],
                        settings: NeuralSettings, *, refit: bool) -> Score:
    """Train on the split, report DEV, write the model (refitted on all of ANERcorp train when asked)."""
    train_file = data_dir / ANERCORP_TRAIN
    if not train_file.is_file():
        raise ResourceError("ANERcorp train not found: pass --data-dir pointing at shared/data", source=str(train_file))
    if not embeddings_file.is_file():
        raise ResourceError("word embeddings not found: run `rasid train ner-embeddings` first",
                            source=str(embeddings_file))
    resources = load_resources()
    split = split_dev(read_conll(train_file), dev_fraction)
    extra = load_extras(data_dir, extras, split.dev)
    embeddings = load_embeddings(embeddings_file)
    everything = split.train + split.dev + extra
    vocab, matrix = build_vocabulary(everything, embeddings, settings, resources)
    arrays, score, epoch = train_network(split.train + extra, split.dev, vocab, matrix, settings)
    print(f"best DEV epoch {epoch}", file=sys.stderr)
    if refit and split.dev:
        arrays, _, _ = train_network(everything, [], vocab, matrix, settings, epochs=epoch)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.stem + ".tmp.npz")
    np.savez_compressed(tmp, **arrays)
    tmp.replace(out)
    return score


def _run_embeddings(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir)
    settings = replace(EmbedSettings(), dimensions=args.dimensions, max_tokens=args.max_tokens, epochs=args.epochs)
    train = [s.tokens for s in read_conll(data_dir / ANERCORP_TRAIN)]
    embeddings = learn_embeddings([data_dir / rel for rel in NEWS_FILES], train, settings)
    save_embeddings(embeddings, Path(args.out))
    print(f"{len(embeddings.words)} word vectors -> {args.out}")
    return 0


def _run_neural(args: argparse.Namespace) -> int:
    if args.epochs < 1:
        raise UsageError("--epochs must be at least 1")
    settings = replace(NeuralSettings(), epochs=args.epochs, freeze_embeddings=not args.tune_embeddings,
                       hidden=args.hidden, seed=args.seed, learning_rate=args.learning_rate,
                       average_last=args.average_last, replace_names=args.replace_names,
                       name_dropout=args.name_dropout, word_dropout=args.word_dropout,
                       swap_gazetteer=args.swap_gazetteer, char_filters=args.char_filters)
    extras = [e for e in (args.extra or "").split(",") if e]
    out = Path(args.out) if args.out else model_path(NEURAL_MODEL_NAME)
    score = run_neural_training(Path(args.data_dir), Path(args.embeddings), out, args.dev_fraction, extras,
                                settings, refit=args.refit)
    print("DEV (last {:.0%} of ANERcorp train), best epoch:".format(args.dev_fraction))
    print(format_score(score))
    print(f"model written to {out} ({out.stat().st_size / 1e6:.1f} MB)")
    return 0


def register_train(sub: argparse._SubParsersAction) -> None:
    """``rasid train ner-embeddings`` and ``rasid train ner-neural``."""
    e = command_parser(sub, "ner-embeddings", "pretrain word vectors for the neural NER tagger on the news (torch)",
                       f"  rasid train ner-embeddings --data-dir ../shared/data --out {DEFAULT_EMBEDDINGS}\n")
    e.add_argument("--data-dir", default="../shared/data", help="folder holding news/ and ner/anercorp/")
    e.add_argument("--out", default=DEFAULT_EMBEDDINGS)
    defaults = EmbedSettings()
    e.add_argument("--dimensions", type=int, default=defaults.dimensions)
    e.add_argument("--max-tokens", type=int, default=defaults.max_tokens)
    e.add_argument("--epochs", type=int, default=defaults.epochs)
    e.set_defaults(func=_run_embeddings)
    n = command_parser(sub, "ner-neural", "train the neural (BiLSTM-CRF) NER tagger (torch; prints DEV scores)",
                       f"  rasid train ner-neural --data-dir ../shared/data --embeddings {DEFAULT_EMBEDDINGS}\n")
    n.add_argument("--data-dir", default="../shared/data", help="folder holding ner/anercorp/train.txt")
    n.add_argument("--embeddings", default=DEFAULT_EMBEDDINGS, help="vectors from `rasid train ner-embeddings`")
    n.add_argument("--out", default=None, help=f"model file (default: the packaged models/{NEURAL_MODEL_NAME})")
    n.add_argument("--dev-fraction", type=float, default=0.1)
    n.add_argument("--extra", default="", help="comma-separated extra corpora: aqmar, newsfane, wojood")
    nd = NeuralSettings()
    n.add_argument("--epochs", type=int, default=nd.epochs)
    n.add_argument("--hidden", type=int, default=nd.hidden, help="BiLSTM size per direction")
    n.add_argument("--char-filters", type=int, default=nd.char_filters, help="filters of the character CNN")
    n.add_argument("--learning-rate", type=float, default=nd.learning_rate, help="Adam step size")
    n.add_argument("--seed", type=int, default=nd.seed)
    n.add_argument("--average-last", type=int, default=nd.average_last,
                   help="export the mean of the last N epochs' weights (0: the epoch's own weights)")
    n.add_argument("--replace-names", type=float, default=nd.replace_names,
                   help="chance, per training entity and epoch, of swapping it for another training name of its type")
    n.add_argument("--swap-gazetteer", action="store_true",
                   help="also swap in names of the packaged gazetteer (ner/gazetteer.tsv)")
    n.add_argument("--word-dropout", type=float, default=nd.word_dropout, help="chance of a training word becoming UNK")
    n.add_argument("--name-dropout", type=float, default=nd.name_dropout,
                   help="extra chance of a word inside a training entity becoming UNK")
    n.add_argument("--tune-embeddings", action="store_true",
                   help="also train the pretrained word vectors (lowered DEV F1: they are kept fixed by default)")
    n.add_argument("--refit", action="store_true", help="retrain on all of ANERcorp train for the best DEV epoch count")
    n.set_defaults(func=_run_neural)

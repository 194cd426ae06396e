"""The neural NER tagger's forward pass in NumPy: char CNN + BiLSTM + CRF (Viterbi, marginals).

The weights come from one ``.npz`` written by :mod:`rasid.entities.neural_train` (torch is not
needed here). Sentences are tagged in batches: the per-word-form input vector (word
embedding, char-CNN output, discrete-feature bag) is cached, the LSTM input projections of
all tokens of a batch are one matrix product, and the recurrent loop runs over the batch
sorted by length, so at each step only the still-running sentences (a prefix) are computed.
"""
from __future__ import annotations

import ctypes
import heapq
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator, Sequence

import numpy as np

from rasid.entities.features import FeatureResources
from rasid.entities.neural_vocab import FEATURE_SLOTS, MARKS, MAX_CHARS, Vocabulary, multiword_marks, stem
from rasid.errors import ResourceError

CACHE_LIMIT = 40_000     # word forms whose LSTM input projections are kept (4 KB each at hidden 128)
ARRAYS = ("word_emb", "char_emb", "char_conv_w", "char_conv_b", "feat_emb", "mark_emb",
          "f_w_ih", "f_w_hh", "f_b", "b_w_ih", "b_w_hh", "b_b", "out_w", "out_b",
          "transitions", "start", "end")
TABLES = ("words", "chars", "features", "labels")


@lru_cache(maxsize=1)
def _blas_thread_setter() -> Callable[[int], int] | None:
    """OpenBLAS's ``openblas_set_num_threads_local`` from NumPy's bundled library (None if absent).

    A multi-threaded BLAS spins its helper threads between the many small products of the
    recurrent loop; on a busy machine that costs several times the work itself.
    """
    libs = Path(np.__file__).resolve().parent.parent / "numpy.libs"
    for path in sorted(libs.glob("*openblas*")) if libs.is_dir() else []:
        setter = getattr(ctypes.CDLL(str(path)), "openblas_set_num_threads_local", None)
        if setter is not None:
            setter.restype, setter.argtypes = ctypes.c_int, [ctypes.c_int]
            return setter
    return None


@contextmanager
def single_threaded_blas() -> Iterator[None]:
    """Run the block with one BLAS thread in the calling thread (restored afterwards)."""
    setter = _blas_thread_setter()
    previous = setter(1) if setter is not None else None
    try:
        yield
    finally:
        if setter is not None and previous is not None and previous > 0:
            setter(previous)


@dataclass(frozen=True, slots=True)
class Direction:
    """One LSTM direction, gates reordered to (i, f, o, g) and the sigmoid ones pre-scaled by 1/2,
    so one tanh over all gates gives tanh(g) and, through 0.5 + 0.5 tanh(x/2), the sigmoids."""

    w_ih: np.ndarray    # (input, 4H)
    w_hh: np.ndarray    # (H, 4H)
    bias: np.ndarray    # (4H,)

    @classmethod
    def from_torch_layout(cls, w_ih: np.ndarray, w_hh: np.ndarray, bias: np.ndarray) -> "Direction":
        hidden = w_hh.shape[1]
        order = np.r_[0:2 * hidden, 3 * hidden:4 * hidden, 2 * hidden:3 * hidden]   # torch i, f, g, o -> i, f, o, g
        scale = np.full(4 * hidden, 0.5, dtype=np.float32)
        scale[3 * hidden:] = 1.0
        return cls((w_ih[order].T * scale).astype(np.float32), (w_hh[order].T * scale).astype(np.float32),
                   (bias[order] * scale).astype(np.float32))


def active_counts(lengths: Sequence[int]) -> np.ndarray:
    """For lengths sorted longest first: how many sequences are still running at each step."""
    if not lengths:
        return np.zeros(0, dtype=np.int64)
    return np.searchsorted(-np.asarray(lengths), -np.arange(lengths[0]), side="left")


def run_directions(batch: np.ndarray, lengths: Sequence[int], w_hh: np.ndarray) -> np.ndarray:
    """Hidden states (D, L, B, H) of D LSTM directions over input projections ``batch`` (D, L, B, 4H).

    Time-major (a step reads and writes contiguous rows). The B sequences are sorted longest
    first (``lengths``); at step t only the prefix of sequences longer than t is updated.
    ``w_hh`` is (D, H, 4H), gates pre-scaled (see Direction).
    """
    directions, steps, size, _ = batch.shape
    hidden = w_hh.shape[1]
    h = np.zeros((directions, size, hidden), dtype=np.float32)
    c = np.zeros_like(h)
    out = np.zeros((directions, steps, size, hidden), dtype=np.float32)
    for t, k in enumerate(active_counts(lengths).tolist()):
        h_k, c_k = h[:, :k], c[:, :k]                # views: updated in place
        gates = np.matmul(h_k, w_hh)
        gates += batch[:, t, :k]
        np.tanh(gates, out=gates)
        sigmoids = gates[..., :3 * hidden]
        sigmoids *= 0.5
        sigmoids += 0.5
        c_k *= gates[..., hidden:2 * hidden]
        c_k += gates[..., :hidden] * gates[..., 3 * hidden:]
        np.tanh(c_k, out=h_k)
        h_k *= gates[..., 2 * hidden:3 * hidden]
        out[:, t, :k] = h_k
    return out


def run_direction(projected: list[np.ndarray], direction: Direction) -> list[np.ndarray]:
    """Hidden states for each sequence given its input projections (each (n_i, 4H)), any order."""
    order = sorted(range(len(projected)), key=lambda i: -len(projected[i]))
    lengths = [len(projected[i]) for i in order]
    batch = np.zeros((1, lengths[0] if lengths else 0, len(order), direction.w_hh.shape[1]), dtype=np.float32)
    for row, i in enumerate(order):
        batch[0, :lengths[row], row] = projected[i]
    out = run_directions(batch, lengths, direction.w_hh[None])
    result: list[np.ndarray] = [np.empty(0)] * len(order)
    for row, i in enumerate(order):
        result[i] = out[0, :lengths[row], row]
    return result


def viterbi_batch(emissions: np.ndarray, lengths: Sequence[int], transitions: np.ndarray, start: np.ndarray,
                  end: np.ndarray) -> np.ndarray:
    """Best label paths (B, L) for padded emissions (B, L, T) of sequences sorted longest first.

    At step t only the prefix of sequences longer than t is updated, so a sequence's row of
    ``score`` is final once its last step is done: no per-step bookkeeping of endings."""
    size, steps, labels = emissions.shape
    active = active_counts(lengths)
    score = start + emissions[:, 0]
    back = np.zeros((size, steps, labels), dtype=np.int64)
    for t, k in enumerate(active.tolist()[1:], 1):
        candidates = score[:k, :, None] + transitions
        back[:k, t] = candidates.argmax(1)
        score[:k] = candidates.max(1) + emissions[:k, t]
    current = (score + end).argmax(1)
    paths = np.zeros((size, steps), dtype=np.int64)
    rows = np.arange(size)
    for t in range(steps - 1, 0, -1):
        k = int(active[t])
        paths[:k, t] = current[:k]
        current[:k] = back[rows[:k], t, current[:k]]
    paths[:, 0] = current
    return paths


def viterbi(emissions: np.ndarray, transitions: np.ndarray, start: np.ndarray, end: np.ndarray) -> list[int]:
    """Best label path for one sentence's (n, T) emission scores."""
    score = start + emissions[0]
    back = np.zeros(emissions.shape, dtype=np.int64)
    for t in range(1, len(emissions)):
        candidates = score[:, None] + transitions
        back[t] = candidates.argmax(0)
        score = candidates.max(0) + emissions[t]
    best = int((score + end).argmax())
    path = [best]
    for t in range(len(emissions) - 1, 0, -1):
        best = int(back[t, best])
        path.append(best)
    return path[::-1]


def marginals_batch(emissions: np.ndarray, lengths: Sequence[int], transitions: np.ndarray, start: np.ndarray,
                    end: np.ndarray) -> np.ndarray:
    """(B, L, T) label marginals for padded emissions of sequences sorted longest first (forward-backward)."""
    em = emissions.astype(np.float64)
    size, steps, labels = em.shape
    active = active_counts(lengths)
    alpha = np.zeros_like(em)
    beta = np.broadcast_to(end.astype(np.float64), em.shape).copy()
    alpha[:, 0] = start + em[:, 0]
    for t in range(1, steps):
        k = int(active[t])
        alpha[:k, t] = _logsumexp(alpha[:k, t - 1, :, None] + transitions, 1) + em[:k, t]
    for t in range(steps - 2, -1, -1):
        k = int(active[t + 1])
        beta[:k, t] = _logsumexp(transitions + (em[:k, t + 1] + beta[:k, t + 1])[:, None, :], 2)
    last = np.asarray(lengths) - 1
    log_z = _logsumexp(alpha[np.arange(size), last] + end, 1)
    return np.exp(alpha + beta - log_z[:, None, None])


def _logsumexp(x: np.ndarray, axis: int) -> np.ndarray:
    top = x.max(axis=axis, keepdims=True)
    return (top + np.log(np.exp(x - top).sum(axis=axis, keepdims=True))).squeeze(axis)


def marginals(emissions: np.ndarray, transitions: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """(n, T) marginal probability of each label at each token (forward-backward, log space)."""
    n = len(emissions)
    alpha = np.zeros(emissions.shape, dtype=np.float64)
    beta = np.zeros(emissions.shape, dtype=np.float64)
    alpha[0] = start + emissions[0]
    for t in range(1, n):
        alpha[t] = _logsumexp(alpha[t - 1][:, None] + transitions, 0) + emissions[t]
    beta[n - 1] = end
    for t in range(n - 2, -1, -1):
        beta[t] = _logsumexp(transitions + (emissions[t + 1] + beta[t + 1])[None, :], 1)
    log_z = _logsumexp(alpha[n - 1] + end, 0)
    return np.exp(alpha + beta - log_z)


class NeuralModel:
    """Loaded weights and vocabularies; ``emissions`` for a batch of token lists."""

    def __init__(self, arrays: dict[str, np.ndarray], resources: FeatureResources) -> None:
        missing = [k for k in ARRAYS + TABLES if k not in arrays]
        if missing:
            raise ResourceError(f"neural NER model lacks arrays {missing}: retrain it")
        w = {k: np.asarray(arrays[k], dtype=np.float32) for k in ARRAYS}
        self.labels = [str(x) for x in arrays["labels"]]
        self.vocab = Vocabulary([str(x) for x in arrays["words"]], [str(x) for x in arrays["chars"]],
                                [str(x) for x in arrays["features"]], resources)
        self.word_emb, self.char_emb, self.feat_emb = w["word_emb"], w["char_emb"], w["feat_emb"]
        filters, char_dim, width = w["char_conv_w"].shape
        self.char_width = width
        self.char_w = np.ascontiguousarray(w["char_conv_w"].transpose(2, 1, 0).reshape(width * char_dim, filters))
        self.char_b = w["char_conv_b"]
        forward = Direction.from_torch_layout(w["f_w_ih"], w["f_w_hh"], w["f_b"])
        backward = Direction.from_torch_layout(w["b_w_ih"], w["b_w_hh"], w["b_b"])
        marks = w["mark_emb"]
        base = forward.w_ih.shape[0] - marks.shape[1]
        self.w_hh = np.stack([forward.w_hh, backward.w_hh])
        self.project = np.concatenate([forward.w_ih[:base], backward.w_ih[:base]], axis=1)
        self.mark_project = np.concatenate([marks @ forward.w_ih[base:] + forward.bias,
                                            marks @ backward.w_ih[base:] + backward.bias], axis=1)
        self.out_w, self.out_b = w["out_w"].T.copy(), w["out_b"]
        self.transitions, self.start, self.end = w["transitions"], w["start"], w["end"]
        if len(self.labels) != len(self.start) or len(MARKS) != len(marks):
            raise ResourceError("neural NER model arrays disagree with its label or mark tables: retrain it")
        self._row_of: dict[str, int] = {}
        self._seen: dict[str, int] = {}          # form -> batches it was in since the cache was last full
        self._stem_of: dict[str, str] = {}
        self._rows = np.zeros((0, self.project.shape[1]), dtype=np.float32)
        self._free: list[int] = []               # rows of the projection cache not in use
        self._tables: list[np.ndarray] | None = None

    @classmethod
    def load(cls, path: Path, resources: FeatureResources) -> "NeuralModel":
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {k: data[k] for k in data.files}
        except (OSError, ValueError) as exc:
            raise ResourceError(f"neural NER model cannot be read ({exc})", source=str(path)) from exc
        return cls(arrays, resources)

    def word_vectors(self, tokens: Sequence[str]) -> np.ndarray:
        """(n, D) per-word input vectors: word embedding, char-CNN output, feature bag."""
        return self._compute(list(tokens))

    def projections(self, tokens: Sequence[str]) -> np.ndarray:
        """(n, 8H) LSTM input projections of the tokens' word vectors (both directions, no bias)."""
        rows = self._cached_rows(tokens)
        return self._compute(list(tokens)) @ self.project if rows is None else self._rows[rows]

    def _cached_rows(self, tokens: Sequence[str]) -> np.ndarray | None:
        """The row of each token's projections in the cache (new forms computed now), or None
        when one batch has more distinct forms than the cache holds.

        Kept per word form in CACHE_LIMIT rows. When full, the cache keeps the most frequent
        forms seen in at least two batches since it was last full (at most half of it) and frees
        the rows of the others for the next forms (rows are not moved).
        """
        row_of, seen = self._row_of, self._seen
        distinct = list(dict.fromkeys(tokens))
        new = [t for t in distinct if t not in row_of]
        if len(new) > CACHE_LIMIT:
            return None
        if len(row_of) + len(new) > CACHE_LIMIT:
            self._keep_frequent(len(new))
            new = [t for t in distinct if t not in row_of]
        if new:
            if len(self._rows) < CACHE_LIMIT:
                # all rows at once: untouched pages cost no memory, and no growing copy is made
                self._rows = np.empty((CACHE_LIMIT, self._rows.shape[1]), dtype=np.float32)
                self._free = list(range(CACHE_LIMIT - 1, -1, -1))
            slots = [self._free.pop() for _ in new]
            self._rows[slots] = self._compute(new) @ self.project
            row_of.update(zip(new, slots))
        for token in distinct:
            seen[token] = seen.get(token, 0) + 1
        return np.fromiter((row_of[t] for t in tokens), dtype=np.int64, count=len(tokens))

    def _keep_frequent(self, room: int) -> None:
        """Make room for ``room`` new forms: keep the most frequent forms seen in two batches or
        more (at most half the cache), free the rows of the others; forget the counts."""
        seen = self._seen
        frequent = [t for t, n in seen.items() if n >= 2]
        limit = max(0, min(CACHE_LIMIT // 2, CACHE_LIMIT - room))
        keep = set(heapq.nlargest(limit, frequent, key=seen.__getitem__) if len(frequent) > limit else frequent)
        for token in [t for t in self._row_of if t not in keep]:
            self._free.append(self._row_of.pop(token))
        seen.clear()
        self._stem_of.clear()

    def clear_caches(self) -> int:
        """Drop the per-form projections and stems (memory for a later phase); the forms dropped."""
        dropped = len(self._row_of)
        self._row_of.clear()
        self._seen.clear()
        self._stem_of.clear()
        self._rows = np.zeros((0, self.project.shape[1]), dtype=np.float32)
        self._free = []
        return dropped

    def stems(self, tokens: Sequence[str]) -> list[str]:
        """Clitic-stripped stems, cached per word form."""
        stem_of = self._stem_of
        out = []
        for token in tokens:
            found = stem_of.get(token)
            if found is None:
                found = stem_of[token] = stem(token)
            out.append(found)
        return out

    def _compute(self, tokens: list[str]) -> np.ndarray:
        ids = [self.vocab.ids(t) for t in tokens]
        chars = np.zeros((len(ids), MAX_CHARS), dtype=np.int64)
        feats = np.zeros((len(ids), FEATURE_SLOTS), dtype=np.int64)
        lengths = np.zeros(len(ids), dtype=np.int64)
        for row, wid in enumerate(ids):
            chars[row, :len(wid.chars)] = wid.chars
            feats[row, :len(wid.features)] = wid.features
            lengths[row] = len(wid.chars)
        words = self.word_emb[[wid.word for wid in ids]]
        return np.concatenate([words, self._char_cnn(chars, lengths), self.feat_emb[feats].sum(1)], axis=1)

    def _char_cnn(self, chars: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Max over the real character positions of a same-padded convolution, then tanh.

        The convolution is a sum over the window offsets of per-character tables (character
        embedding times that offset's filter slice, see ``_char_tables``): row gathers, no
        (words, letters, window) array."""
        tables = self._char_tables()
        pad = self.char_width // 2
        padded = np.pad(chars, ((0, 0), (pad, pad)), constant_values=len(tables[0]) - 1)
        conv = self.char_b + tables[0][padded[:, :MAX_CHARS]]            # (n, L, F)
        for k in range(1, self.char_width):
            conv += tables[k][padded[:, k:k + MAX_CHARS]]
        conv[np.arange(MAX_CHARS)[None, :] >= lengths[:, None]] = -np.inf
        return np.tanh(conv.max(axis=1))

    def _char_tables(self) -> list[np.ndarray]:
        """Per window offset k: (chars + 1, F) = char embedding @ filter slice k; the extra last
        row is zero (the padding outside the word's letters, as in a same-padded convolution)."""
        if self._tables is None:
            dim = self.char_emb.shape[1]
            zero = np.zeros((1, self.char_w.shape[1]), dtype=np.float32)
            self._tables = [np.concatenate([self.char_emb @ self.char_w[k * dim:(k + 1) * dim], zero])
                            for k in range(self.char_width)]
        return self._tables

    def _scores(self, sentences: Sequence[list[str]]) -> tuple[list[int], list[int], np.ndarray]:
        """Sentence order (longest first), their lengths, and padded (B, L, T) label scores in that order.

        Padded positions (beyond a sentence's length) hold arbitrary values: never read."""
        flat = [t for s in sentences for t in s]
        marks = np.array([m for s in sentences for m in multiword_marks(s, self.vocab.resources, self.stems(s))])
        rows = self._cached_rows(flat)
        table = self._rows if rows is not None else self._compute(flat) @ self.project
        if rows is None:
            rows = np.arange(len(flat))
        gates = table.shape[1] // 2
        sizes = np.array([len(s) for s in sentences])
        order = np.argsort(-sizes, kind="stable")
        lengths, starts = sizes[order], (np.cumsum(sizes) - sizes)[order]
        steps = np.arange(lengths[0])
        reverse = np.maximum(lengths[None, :] - 1 - steps[:, None], 0)        # (L, B): n-1-t, 0 when padded
        tokens = (np.minimum(starts[None, :] + steps[:, None], len(flat) - 1), starts[None, :] + reverse)
        batch = np.empty((2, len(steps), len(order), gates), dtype=np.float32)   # time-major, both directions
        for d, at in enumerate(tokens):
            half = slice(d * gates, (d + 1) * gates)
            batch[d] = table[rows[at], half]
            batch[d] += self.mark_project[0, half]             # no multi-word mark (most tokens), bias included
            marked = marks[at] != 0
            if marked.any():
                batch[d][marked] += (self.mark_project[marks[at][marked]] - self.mark_project[0])[:, half]
        states = run_directions(batch, lengths.tolist(), self.w_hh)             # (2, L, B, H)
        hidden = states.shape[3]
        scores = states[0] @ self.out_w[:hidden] + self.out_b                    # (L, B, T)
        scores += (states[1] @ self.out_w[hidden:])[reverse, np.arange(len(order))[None, :]]
        scores = np.ascontiguousarray(scores.transpose(1, 0, 2))                # (B, L, T)
        return order.tolist(), lengths.tolist(), scores

    def emissions(self, sentences: Sequence[list[str]]) -> list[np.ndarray]:
        """(n_i, T) label scores for each sentence (all non-empty)."""
        order, lengths, scores = self._scores(sentences)
        out: list[np.ndarray] = [np.empty(0)] * len(order)
        for row, i in enumerate(order):
            out[i] = scores[row, :lengths[row]]
        return out

    def tag_batch(self, sentences: Sequence[list[str]], *,
                  confidence: bool = False) -> tuple[list[np.ndarray], list[list[str]]]:
        """Per sentence (all non-empty): its best IOB2 labels, and either its (n, T) label scores or,
        with ``confidence``, the (n,) marginal probability of each chosen label."""
        order, lengths, scores = self._scores(sentences)
        paths = viterbi_batch(scores, lengths, self.transitions, self.start, self.end)
        if confidence:
            probabilities = marginals_batch(scores, lengths, self.transitions, self.start, self.end)
            chosen = np.take_along_axis(probabilities, paths[:, :, None], axis=2)[:, :, 0]
        values: list[np.ndarray] = [np.empty(0)] * len(order)
        labels: list[list[str]] = [[] for _ in order]
        names = self.labels
        for row, i in enumerate(order):
            values[i] = chosen[row, :lengths[row]] if confidence else scores[row, :lengths[row]]
            labels[i] = [names[j] for j in paths[row, :lengths[row]].tolist()]
        return values, labels

    def decode(self, emissions: np.ndarray) -> list[str]:
        return [self.labels[i] for i in viterbi(emissions, self.transitions, self.start, self.end)]

    def marginals(self, emissions: np.ndarray) -> np.ndarray:
        return marginals(emissions, self.transitions, self.start, self.end)

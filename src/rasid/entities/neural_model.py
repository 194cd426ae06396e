"""The neural NER tagger's forward pass in NumPy: char CNN + BiLSTM + CRF (Viterbi, marginals).

The weights come from one ``.npz`` written by :mod:`rasid.entities.neural_train` (torch is not
needed here). Sentences are tagged in batches: the per-word-form input vector (word
embedding, char-CNN output, discrete-feature bag) is cached, the LSTM input projections of
all tokens of a batch are one matrix product, and the recurrent loop runs over the batch
sorted by length, so at each step only the still-running sentences (a prefix) are computed.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from rasid.entities.features import FeatureResources
from rasid.entities.neural_vocab import MAX_CHARS, FEATURE_SLOTS, MARKS, Vocabulary, multiword_marks
from rasid.errors import ResourceError

CACHE_LIMIT = 200_000
ARRAYS = ("word_emb", "char_emb", "char_conv_w", "char_conv_b", "feat_emb", "mark_emb",
          "f_w_ih", "f_w_hh", "f_b", "b_w_ih", "b_w_hh", "b_b", "out_w", "out_b",
          "transitions", "start", "end")
TABLES = ("words", "chars", "features", "labels")


@dataclass(frozen=True, slots=True)
class Direction:
    """One LSTM direction with sigmoid gates pre-scaled by 1/2, so one tanh gives all gates."""

    w_ih: np.ndarray    # (input, 4H), scaled
    w_hh: np.ndarray    # (H, 4H), scaled
    bias: np.ndarray    # (4H,), scaled

    @classmethod
    def from_torch_layout(cls, w_ih: np.ndarray, w_hh: np.ndarray, bias: np.ndarray) -> "Direction":
        hidden = w_hh.shape[1]
        scale = np.full(4 * hidden, 0.5, dtype=np.float32)
        scale[2 * hidden:3 * hidden] = 1.0          # torch gate order i, f, g, o: g is tanh
        return cls((w_ih.T * scale).astype(np.float32), (w_hh.T * scale).astype(np.float32),
                   (bias * scale).astype(np.float32))


def run_direction(projected: list[np.ndarray], direction: Direction) -> list[np.ndarray]:
    """Hidden states for each sequence given its input projections (each (n_i, 4H)).

    Sequences are run together, longest first; at step t only those longer than t are updated.
    """
    hidden = direction.w_hh.shape[0]
    order = sorted(range(len(projected)), key=lambda i: -len(projected[i]))
    lengths = [len(projected[i]) for i in order]
    steps = lengths[0] if lengths else 0
    batch = np.zeros((len(order), steps, 4 * hidden), dtype=np.float32)
    for row, i in enumerate(order):
        batch[row, :lengths[row]] = projected[i]
    active = np.searchsorted(-np.array(lengths), -np.arange(steps), side="right") if steps else []
    h = np.zeros((len(order), hidden), dtype=np.float32)
    c = np.zeros_like(h)
    out = np.zeros((len(order), steps, hidden), dtype=np.float32)
    w_hh = direction.w_hh
    for t in range(steps):
        k = int(active[t])
        gates = np.tanh(batch[:k, t] + h[:k] @ w_hh)
        i_gate = 0.5 + 0.5 * gates[:, :hidden]
        f_gate = 0.5 + 0.5 * gates[:, hidden:2 * hidden]
        o_gate = 0.5 + 0.5 * gates[:, 3 * hidden:]
        c[:k] = f_gate * c[:k] + i_gate * gates[:, 2 * hidden:3 * hidden]
        h[:k] = o_gate * np.tanh(c[:k])
        out[:k, t] = h[:k]
    result: list[np.ndarray] = [np.empty(0)] * len(order)
    for row, i in enumerate(order):
        result[i] = out[row, :lengths[row]]
    return result


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
        self.forward, self.backward = forward, backward
        self.project = np.concatenate([forward.w_ih[:base], backward.w_ih[:base]], axis=1)
        self.mark_project = np.concatenate([marks @ forward.w_ih[base:] + forward.bias,
                                            marks @ backward.w_ih[base:] + backward.bias], axis=1)
        self.out_w, self.out_b = w["out_w"].T.copy(), w["out_b"]
        self.transitions, self.start, self.end = w["transitions"], w["start"], w["end"]
        if len(self.labels) != len(self.start) or len(MARKS) != len(marks):
            raise ResourceError("neural NER model arrays disagree with its label or mark tables: retrain it")
        self._cache: dict[str, np.ndarray] = {}

    @classmethod
    def load(cls, path: Path, resources: FeatureResources) -> "NeuralModel":
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {k: data[k] for k in data.files}
        except (OSError, ValueError) as exc:
            raise ResourceError(f"neural NER model cannot be read ({exc})", source=str(path)) from exc
        return cls(arrays, resources)

    def word_vectors(self, tokens: Sequence[str]) -> np.ndarray:
        """(n, D) per-word input vectors (word embedding, char CNN, feature bag), cached per form."""
        cache = self._cache
        new = list(dict.fromkeys(t for t in tokens if t not in cache))
        if new:
            if len(cache) + len(new) > CACHE_LIMIT:
                cache.clear()
            for token, row in zip(new, self._compute(new)):
                cache[token] = row
        return np.stack([cache[t] for t in tokens]) if tokens else np.zeros((0, self.project.shape[0]), np.float32)

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
        """Max over the real character positions of a same-padded convolution, then tanh."""
        embedded = self.char_emb[chars]                                  # (n, L, C)
        pad = self.char_width // 2
        padded = np.pad(embedded, ((0, 0), (pad, pad), (0, 0)))
        windows = np.concatenate([padded[:, k:k + MAX_CHARS] for k in range(self.char_width)], axis=2)
        conv = windows @ self.char_w + self.char_b                      # (n, L, F)
        conv[np.arange(MAX_CHARS)[None, :] >= lengths[:, None]] = -np.inf
        return np.tanh(conv.max(axis=1))

    def emissions(self, sentences: Sequence[list[str]]) -> list[np.ndarray]:
        """(n_i, T) label scores for each non-empty sentence."""
        flat = [t for s in sentences for t in s]
        marks = [m for s in sentences for m in multiword_marks(s, self.vocab.resources)]
        projected = self.word_vectors(flat) @ self.project + self.mark_project[marks]
        gates = projected.shape[1] // 2
        bounds = np.cumsum([0] + [len(s) for s in sentences])
        fw = [projected[a:b, :gates] for a, b in zip(bounds[:-1], bounds[1:])]
        bw = [projected[a:b, gates:][::-1] for a, b in zip(bounds[:-1], bounds[1:])]
        h_forward = run_direction(fw, self.forward)
        h_backward = run_direction(bw, self.backward)
        hidden = np.concatenate([np.concatenate(h_forward), np.concatenate([h[::-1] for h in h_backward])], axis=1)
        scores = hidden @ self.out_w + self.out_b
        return [scores[a:b] for a, b in zip(bounds[:-1], bounds[1:])]

    def decode(self, emissions: np.ndarray) -> list[str]:
        return [self.labels[i] for i in viterbi(emissions, self.transitions, self.start, self.end)]

    def marginals(self, emissions: np.ndarray) -> np.ndarray:
        return marginals(emissions, self.transitions, self.start, self.end)

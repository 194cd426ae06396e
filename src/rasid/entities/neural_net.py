"""The neural NER tagger's torch network (training side only; tagging uses neural_model.py).

char CNN (max over real positions, tanh) + word embedding + discrete-feature bag + multi-word
gazetteer mark -> BiLSTM -> linear emissions -> linear-chain CRF. ``export_arrays`` writes
the weights in the layout :class:`rasid.entities.neural_model.NeuralModel` reads.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from rasid.entities.neural_vocab import MARKS


@dataclass(frozen=True, slots=True)
class NetSizes:
    words: int
    chars: int
    features: int
    labels: int
    word_dim: int = 100
    char_dim: int = 25
    char_filters: int = 50
    char_width: int = 3
    feature_dim: int = 32
    mark_dim: int = 8
    hidden: int = 128
    dropout: float = 0.5


@dataclass(slots=True)
class Batch:
    """Padded (B, L) id tensors of a batch of sentences."""

    words: torch.Tensor
    chars: torch.Tensor      # (B, L, MAX_CHARS)
    char_lengths: torch.Tensor
    features: torch.Tensor   # (B, L, FEATURE_SLOTS)
    marks: torch.Tensor
    lengths: torch.Tensor    # (B,)
    tags: torch.Tensor

    @property
    def mask(self) -> torch.Tensor:
        return torch.arange(self.words.shape[1])[None, :] < self.lengths[:, None]


class NerNet(nn.Module):
    def __init__(self, sizes: NetSizes) -> None:
        super().__init__()
        self.sizes = sizes
        self.word_emb = nn.Embedding(sizes.words, sizes.word_dim, padding_idx=0)
        self.char_emb = nn.Embedding(sizes.chars, sizes.char_dim, padding_idx=0)
        self.char_conv = nn.Conv1d(sizes.char_dim, sizes.char_filters, sizes.char_width, padding=sizes.char_width // 2)
        self.feat_emb = nn.Embedding(sizes.features, sizes.feature_dim, padding_idx=0)
        self.mark_emb = nn.Embedding(len(MARKS), sizes.mark_dim)
        width = sizes.word_dim + sizes.char_filters + sizes.feature_dim + sizes.mark_dim
        self.lstm = nn.LSTM(width, sizes.hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * sizes.hidden, sizes.labels)
        self.transitions = nn.Parameter(torch.zeros(sizes.labels, sizes.labels))
        self.start = nn.Parameter(torch.zeros(sizes.labels))
        self.end = nn.Parameter(torch.zeros(sizes.labels))
        self.dropout = nn.Dropout(sizes.dropout)

    def char_features(self, chars: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """(N, MAX_CHARS) char ids -> (N, filters)."""
        conv = self.char_conv(self.char_emb(chars).transpose(1, 2))          # (N, F, L)
        pad = torch.arange(chars.shape[1])[None, :] >= lengths[:, None]
        conv = conv.masked_fill(pad[:, None, :], float("-inf"))
        return torch.tanh(conv.max(dim=2).values)

    def emissions(self, batch: Batch) -> torch.Tensor:
        b, length = batch.words.shape
        chars = self.char_features(batch.chars.view(b * length, -1),
                                   batch.char_lengths.view(-1).clamp(min=1)).view(b, length, -1)
        x = torch.cat([self.word_emb(batch.words), chars, self.feat_emb(batch.features).sum(2),
                       self.mark_emb(batch.marks)], dim=2)
        packed = nn.utils.rnn.pack_padded_sequence(self.dropout(x), batch.lengths, batch_first=True,
                                                   enforce_sorted=False)
        hidden, _ = self.lstm(packed)
        hidden, _ = nn.utils.rnn.pad_packed_sequence(hidden, batch_first=True, total_length=length)
        return self.out(self.dropout(hidden))

    def loss(self, batch: Batch) -> torch.Tensor:
        """Mean negative log-likelihood of the gold tags under the CRF."""
        em = self.emissions(batch)
        mask = batch.mask
        tags = batch.tags
        rows = torch.arange(len(tags))
        score = self.start[tags[:, 0]] + em[rows, 0, tags[:, 0]]
        alpha = self.start[None, :] + em[:, 0]
        for t in range(1, em.shape[1]):
            step = mask[:, t]
            score = score + (self.transitions[tags[:, t - 1], tags[:, t]] + em[rows, t, tags[:, t]]) * step
            nxt = torch.logsumexp(alpha[:, :, None] + self.transitions[None] + em[:, t, None, :], dim=1)
            alpha = torch.where(step[:, None], nxt, alpha)
        last = tags[rows, batch.lengths - 1]
        score = score + self.end[last]
        log_z = torch.logsumexp(alpha + self.end[None, :], dim=1)
        return (log_z - score).mean()


def export_arrays(net: NerNet, *, half_embeddings: bool) -> dict[str, np.ndarray]:
    """Weights in the NumPy tagger's layout (word embeddings as float16 when asked)."""
    def a(t: torch.Tensor) -> np.ndarray:
        return t.detach().cpu().numpy().astype(np.float32)

    lstm = net.lstm
    word_emb = a(net.word_emb.weight)
    return {
        "word_emb": word_emb.astype(np.float16) if half_embeddings else word_emb,
        "char_emb": a(net.char_emb.weight), "char_conv_w": a(net.char_conv.weight),
        "char_conv_b": a(net.char_conv.bias), "feat_emb": a(net.feat_emb.weight), "mark_emb": a(net.mark_emb.weight),
        "f_w_ih": a(lstm.weight_ih_l0), "f_w_hh": a(lstm.weight_hh_l0), "f_b": a(lstm.bias_ih_l0 + lstm.bias_hh_l0),
        "b_w_ih": a(lstm.weight_ih_l0_reverse), "b_w_hh": a(lstm.weight_hh_l0_reverse),
        "b_b": a(lstm.bias_ih_l0_reverse + lstm.bias_hh_l0_reverse),
        "out_w": a(net.out.weight), "out_b": a(net.out.bias),
        "transitions": a(net.transitions), "start": a(net.start), "end": a(net.end),
    }

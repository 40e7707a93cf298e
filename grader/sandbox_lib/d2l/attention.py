"""d2l's attention building blocks, for submissions that build on them (MultiHeadAttention).

`sequence_mask`, `masked_softmax` and `DotProductAttention` as d2l defines them (d2l-en
§ Attention Scoring Functions), re-exported by `d2l.torch`. One deliberate difference: d2l's
`sequence_mask` assigns through a reshaped view and so overwrites the caller's tensor (and
fails on a leaf that requires grad); these return a masked copy and leave the input alone.
A masked score is -1e6, so a row of valid length 0 comes out uniform, as in d2l.

They are the prerequisites of the MultiHeadAttention exercise, whose prompt lets the learner
use `d2l.DotProductAttention`, so a bug in one exercise is not counted again in the next.
The exercises masked_softmax and DotProductAttention ask the learner to write these.
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn import functional as F


def sequence_mask(X: torch.Tensor, valid_len: torch.Tensor, value: float = 0.0) -> torch.Tensor:
    """X (n, maxlen) with the entries at index >= valid_len[i] of row i set to `value` (a copy)."""
    maxlen = X.size(1)
    mask = torch.arange(maxlen, device=X.device)[None, :] < valid_len.to(X.device)[:, None]
    return X.masked_fill(~mask, value)


def masked_softmax(X: torch.Tensor, valid_lens: torch.Tensor | None) -> torch.Tensor:
    """Softmax over the last axis of X (batch, n_q, n_k), keys at or past the valid length masked.

    valid_lens: None, (batch,) one length per example, or (batch, n_q) one per query.
    """
    if valid_lens is None:
        return F.softmax(X, dim=-1)
    shape = X.shape
    if valid_lens.dim() == 1:
        valid_lens = torch.repeat_interleave(valid_lens, shape[1])
    else:
        valid_lens = valid_lens.reshape(-1)
    masked = sequence_mask(X.reshape(-1, shape[-1]), valid_lens, value=-1e6)
    return F.softmax(masked.reshape(shape), dim=-1)


class DotProductAttention(nn.Module):
    """Scaled dot-product attention: softmax(Q Kᵀ / √d) V, dropout on the attention weights."""

    def __init__(self, dropout: float, **kwargs: object) -> None:
        super().__init__(**kwargs)  # d2l passes **kwargs through
        self.dropout = nn.Dropout(dropout)
        self.attention_weights: torch.Tensor | None = None

    def forward(
        self,
        queries: torch.Tensor,
        keys: torch.Tensor,
        values: torch.Tensor,
        valid_lens: torch.Tensor | None = None,
    ) -> torch.Tensor:
        d = queries.shape[-1]
        scores = torch.bmm(queries, keys.transpose(1, 2)) / math.sqrt(d)
        self.attention_weights = masked_softmax(scores, valid_lens)
        return torch.bmm(self.dropout(self.attention_weights), values)

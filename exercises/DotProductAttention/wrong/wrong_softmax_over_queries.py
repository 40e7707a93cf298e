# Wrong: normalises the scores over the queries (dim 1) instead of the keys (the last axis).
import math

import torch
from torch import nn


def masked_softmax(X, valid_lens):
    """Softmax over the keys (last axis) with the keys at or past the valid length set to -1e6."""
    if valid_lens is None:
        return torch.softmax(X, dim=1)
    batch, n_q, n_k = X.shape
    if valid_lens.dim() == 1:
        lens = torch.repeat_interleave(valid_lens, n_q).reshape(batch, n_q)
    else:
        lens = valid_lens.reshape(batch, n_q)
    keep = torch.arange(n_k, device=X.device) < lens.unsqueeze(-1)
    return torch.softmax(X.masked_fill(~keep, -1e6), dim=1)


class DotProductAttention(nn.Module):
    def __init__(self, dropout):
        super().__init__()
        self.dropout = nn.Dropout(dropout)

    def forward(self, queries, keys, values, valid_lens=None):
        d = queries.shape[-1]
        scores = torch.bmm(queries, keys.transpose(1, 2)) / math.sqrt(d)
        self.attention_weights = masked_softmax(scores, valid_lens)
        return torch.bmm(self.dropout(self.attention_weights), values)

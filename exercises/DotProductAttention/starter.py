import math

import torch
from d2l import torch as d2l  # d2l.masked_softmax is available; or write your own below
from torch import nn


class DotProductAttention(nn.Module):
    """Scaled dot-product attention: softmax(Q Kᵀ / √d) V, with dropout on the attention weights."""

    def __init__(self, dropout):
        super().__init__()
        # Your code here: the dropout layer

    def forward(self, queries, keys, values, valid_lens=None):
        # queries (batch, n_q, d), keys (batch, n_k, d), values (batch, n_k, v)
        # Your code here: scores, self.attention_weights (batch, n_q, n_k), the output (batch, n_q, v)
        raise NotImplementedError

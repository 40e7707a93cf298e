import math

import torch
from d2l import torch as d2l  # d2l.DotProductAttention(dropout) is available
from torch import nn


def transpose_qkv(X, num_heads):
    """(batch, n, num_hiddens) -> (batch * num_heads, n, num_hiddens / num_heads)."""
    raise NotImplementedError


def transpose_output(X, num_heads):
    """The inverse of transpose_qkv: (batch * num_heads, n, d) -> (batch, n, num_heads * d)."""
    raise NotImplementedError


class MultiHeadAttention(nn.Module):
    def __init__(
        self, key_size, query_size, value_size, num_hiddens, num_heads, dropout, bias=False
    ):
        super().__init__()
        # Your code here: self.num_heads, self.attention, W_q, W_k, W_v, W_o

    def forward(self, queries, keys, values, valid_lens):
        # Your code here
        raise NotImplementedError

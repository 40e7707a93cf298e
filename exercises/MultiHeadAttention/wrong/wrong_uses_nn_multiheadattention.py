# Wrong: wraps nn.MultiheadAttention, which this exercise asks you to implement (and has no W_q ... W_o).
import torch
from torch import nn


def transpose_qkv(X, num_heads):
    X = X.reshape(X.shape[0], X.shape[1], num_heads, -1)
    X = X.permute(0, 2, 1, 3)
    return X.reshape(-1, X.shape[2], X.shape[3])


def transpose_output(X, num_heads):
    X = X.reshape(-1, num_heads, X.shape[1], X.shape[2])
    X = X.permute(0, 2, 1, 3)
    return X.reshape(X.shape[0], X.shape[1], -1)


class MultiHeadAttention(nn.Module):
    def __init__(
        self, key_size, query_size, value_size, num_hiddens, num_heads, dropout, bias=False
    ):
        super().__init__()
        self.mha = nn.MultiheadAttention(
            num_hiddens,
            num_heads,
            dropout=dropout,
            bias=bias,
            kdim=key_size,
            vdim=value_size,
            batch_first=True,
        )

    def forward(self, queries, keys, values, valid_lens):
        mask = None
        if valid_lens is not None and valid_lens.dim() == 1:
            mask = torch.arange(keys.shape[1])[None, :] >= valid_lens[:, None]
        return self.mha(queries, keys, values, key_padding_mask=mask, need_weights=False)[0]

import torch
from torch import nn


class PositionalEncoding(nn.Module):
    def __init__(self, num_hiddens, dropout, max_len=1000):
        super().__init__()
        # Your code here: a ValueError for an odd num_hiddens, the dropout layer, and
        # P (1, max_len, num_hiddens) registered with self.register_buffer("P", P, persistent=False)

    def forward(self, X):
        # Your code here: X (batch, T, num_hiddens) + P[:, :T, :], then dropout
        raise NotImplementedError

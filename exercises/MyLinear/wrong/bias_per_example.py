"""Wrong: a bias of shape (1, units) that the state_dict reports with the wrong shape."""

import torch
from torch import nn
from torch.nn import functional as F


class MyLinear(nn.Module):
    def __init__(self, in_units, units):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(in_units, units))
        self.bias = nn.Parameter(torch.randn(1, units))

    def forward(self, X):
        return F.relu(torch.matmul(X, self.weight) + self.bias)

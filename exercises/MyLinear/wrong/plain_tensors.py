"""Wrong: plain tensors instead of nn.Parameter, so the layer registers no parameters."""

import torch
from torch import nn
from torch.nn import functional as F


class MyLinear(nn.Module):
    def __init__(self, in_units, units):
        super().__init__()
        self.weight = torch.randn(in_units, units, requires_grad=True)
        self.bias = torch.randn(units, requires_grad=True)

    def forward(self, X):
        return F.relu(torch.matmul(X, self.weight) + self.bias)

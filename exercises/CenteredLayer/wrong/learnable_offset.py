"""Wrong: adds a learnable offset, so the layer has a parameter it should not have."""

import torch
from torch import nn


class CenteredLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.offset = nn.Parameter(torch.zeros(1))

    def forward(self, X):
        return X - X.mean() + self.offset

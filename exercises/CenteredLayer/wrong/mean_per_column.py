"""Wrong: subtracts each column's mean (X.mean(dim=0)) instead of the mean of all elements."""

from torch import nn


class CenteredLayer(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, X):
        return X - X.mean(dim=0)

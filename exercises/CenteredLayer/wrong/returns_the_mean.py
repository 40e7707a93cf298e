"""Wrong: returns the mean itself, a scalar, instead of the centred tensor."""

from torch import nn


class CenteredLayer(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, X):
        return X.mean()

"""Wrong: detaches the mean, so the gradient ignores that the mean depends on X."""

from torch import nn


class CenteredLayer(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, X):
        return X - X.mean().detach()

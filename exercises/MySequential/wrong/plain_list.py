"""Wrong: keeps the modules in a plain Python list, so nothing is registered (no parameters, .to()/.eval() miss them)."""

from torch import nn


class MySequential(nn.Module):
    def __init__(self, *args):
        super().__init__()
        self.layers = list(args)

    def forward(self, X):
        for block in self.layers:
            X = block(X)
        return X

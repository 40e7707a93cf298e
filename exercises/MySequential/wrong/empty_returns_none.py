"""Wrong: returns the last block's output from inside the loop, so MySequential() returns None."""

from torch import nn


class MySequential(nn.Module):
    def __init__(self, *args):
        super().__init__()
        for idx, module in enumerate(args):
            self._modules[str(idx)] = module

    def forward(self, X):
        Y = None
        for block in self._modules.values():
            X = Y = block(X)
        return Y

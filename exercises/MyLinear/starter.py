import torch
from torch import nn
from torch.nn import functional as F


class MyLinear(nn.Module):
    def __init__(self, in_units, units):
        super().__init__()
        # Your code here: self.weight (in_units, units) and self.bias (units,) as nn.Parameter

    def forward(self, X):
        # Your code here: relu(X @ weight + bias), keeping the gradient path to the parameters
        raise NotImplementedError

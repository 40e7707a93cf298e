# Wrong: no type check: calls xavier_uniform_ on m.weight of every module, so ReLU raises AttributeError and Conv2d changes.
from torch import nn


def xavier(m):
    nn.init.xavier_uniform_(m.weight)

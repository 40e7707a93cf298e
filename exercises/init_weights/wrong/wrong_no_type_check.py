# Wrong: no type check: initialises m.weight of every module, so ReLU, Flatten and Sequential raise AttributeError and Conv2d changes.
from torch import nn


def init_weights(m):
    nn.init.normal_(m.weight, std=0.01)

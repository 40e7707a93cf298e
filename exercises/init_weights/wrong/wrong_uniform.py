# Wrong: draws from a uniform distribution on [-0.01, 0.01] instead of a normal one.
from torch import nn


def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.uniform_(m.weight, -0.01, 0.01)

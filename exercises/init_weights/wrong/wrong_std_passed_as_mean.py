# Wrong: passes 0.01 as the second positional argument, which is the mean: N(0.01, 1) instead of N(0, 0.01²).
from torch import nn


def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, 0.01)

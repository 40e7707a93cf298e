# Wrong: uses xavier_normal_: a normal distribution with the right variance, but unbounded.
from torch import nn


def xavier(m):
    if type(m) == nn.Linear:
        nn.init.xavier_normal_(m.weight)

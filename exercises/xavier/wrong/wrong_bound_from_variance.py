# Wrong: draws U(-a, a) with a = sqrt(2 / (fan_in + fan_out)), the variance itself, instead of sqrt(6 / (fan_in + fan_out)).
from torch import nn


def xavier(m):
    if type(m) == nn.Linear:
        a = (2 / (m.in_features + m.out_features)) ** 0.5
        nn.init.uniform_(m.weight, -a, a)

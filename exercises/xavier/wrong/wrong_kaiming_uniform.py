# Wrong: uses He/Kaiming uniform initialisation, which looks at fan_in only.
from torch import nn


def xavier(m):
    if type(m) == nn.Linear:
        nn.init.kaiming_uniform_(m.weight, nonlinearity="relu")

# Wrong: initialises Conv2d weights too, not only nn.Linear.
from torch import nn


def xavier(m):
    if type(m) in (nn.Linear, nn.Conv2d):
        nn.init.xavier_uniform_(m.weight)

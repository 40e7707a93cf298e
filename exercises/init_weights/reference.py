"""Reference solution of init_weights (never shown to learners, never visible to a submission)."""

from torch import nn


def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, std=0.01)

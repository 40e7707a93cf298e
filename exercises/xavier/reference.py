"""Reference solution of xavier (never shown to learners, never visible to a submission)."""

from torch import nn


def xavier(m):
    if type(m) == nn.Linear:
        nn.init.xavier_uniform_(m.weight)

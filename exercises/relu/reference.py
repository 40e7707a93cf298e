"""Reference solution of relu (never shown to learners, never visible to a submission)."""

import torch


def relu(X):
    a = torch.zeros_like(X)
    return torch.max(X, a)

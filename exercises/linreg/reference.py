"""Reference solution of linreg (never shown to learners, never visible to a submission)."""

import torch


def linreg(X, w, b):
    return torch.matmul(X, w) + b

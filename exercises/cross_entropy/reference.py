"""Reference solution of cross_entropy (never shown to learners, never visible to a submission)."""

import torch


def cross_entropy(y_hat, y):
    return -torch.log(y_hat[range(len(y_hat)), y])

"""Wrong: forgets the minus sign, so every loss is negative (log of a probability is <= 0)."""

import torch


def cross_entropy(y_hat, y):
    return torch.log(y_hat[range(len(y_hat)), y])

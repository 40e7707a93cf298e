"""Wrong: a Python loop over math.log builds a fresh float32 tensor: no gradient, and float64 is lost."""

import math

import torch


def cross_entropy(y_hat, y):
    return torch.tensor([-math.log(y_hat[i, y[i]]) for i in range(len(y))])

"""Wrong: averages the losses (like nn.CrossEntropyLoss's default) instead of returning one per example."""

import torch


def cross_entropy(y_hat, y):
    return -torch.log(y_hat[range(len(y_hat)), y]).mean()

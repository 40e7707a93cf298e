"""Reference solution of evaluate_accuracy (never shown to learners, never visible to a submission)."""

import torch
from torch import nn


def evaluate_accuracy(net, data_iter):
    if isinstance(net, nn.Module):
        net.eval()  # evaluation mode: Dropout keeps every unit, BatchNorm uses its running statistics
    correct, total = 0.0, 0
    with torch.no_grad():  # no graph is recorded: that is no_grad's job, not eval()'s
        for X, y in data_iter:
            y_hat = net(X)
            if y_hat.dim() > 1 and y_hat.shape[1] > 1:
                y_hat = y_hat.argmax(dim=1)
            correct += float((y_hat.type(y.dtype) == y).sum())
            total += y.numel()
    return correct / total

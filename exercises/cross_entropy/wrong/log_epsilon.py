"""Wrong: adds 1e-9 inside the log "to be safe", which changes small losses and hides -log(0) = inf."""

import torch


def cross_entropy(y_hat, y):
    return -torch.log(y_hat[range(len(y_hat)), y] + 1e-9)

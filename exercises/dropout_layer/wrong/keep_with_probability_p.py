"""Wrong: keeps each element with probability `dropout` (TF1 keep_prob) instead of dropping it."""

import torch


def dropout_layer(X, dropout):
    assert 0 <= dropout <= 1
    if dropout == 1:
        return torch.zeros_like(X)
    if dropout == 0:
        return X
    mask = (torch.rand(X.shape, device=X.device) < dropout).to(X.dtype)
    return mask * X / (1.0 - dropout)

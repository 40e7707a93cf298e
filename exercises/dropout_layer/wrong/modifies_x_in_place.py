"""Wrong: masks and rescales X in place, so the caller's tensor changes."""

import torch


def dropout_layer(X, dropout):
    assert 0 <= dropout <= 1
    if dropout == 1:
        return torch.zeros_like(X)
    if dropout == 0:
        return X
    mask = (torch.rand(X.shape, device=X.device) > dropout).to(X.dtype)
    X *= mask
    X /= 1.0 - dropout
    return X

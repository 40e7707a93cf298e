"""Wrong: draws the mask as a (rows, columns) matrix, so only 2-D X works."""

import torch


def dropout_layer(X, dropout):
    assert 0 <= dropout <= 1
    if dropout == 1:
        return torch.zeros_like(X)
    if dropout == 0:
        return X
    mask = (torch.rand(X.shape[0], X.shape[1], device=X.device) > dropout).to(X.dtype)
    return mask * X / (1.0 - dropout)

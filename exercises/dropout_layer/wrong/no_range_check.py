"""Wrong: no `assert 0 <= dropout <= 1`, so dropout 1.5 silently returns -0s and -0.1 rescales X."""

import torch


def dropout_layer(X, dropout):
    if dropout == 1:
        return torch.zeros_like(X)
    if dropout == 0:
        return X
    mask = (torch.rand(X.shape, device=X.device) > dropout).to(X.dtype)
    return mask * X / (1.0 - dropout)

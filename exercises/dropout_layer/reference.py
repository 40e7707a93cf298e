"""Reference solution of dropout_layer (never shown to learners, never visible to a submission)."""

import torch


def dropout_layer(X, dropout):
    assert 0 <= dropout <= 1, f"dropout must be in [0, 1], got {dropout}"
    if dropout == 1:
        return torch.zeros_like(X)
    if dropout == 0:
        return X
    mask = (torch.rand(X.shape, device=X.device) > dropout).to(X.dtype)
    return mask * X / (1.0 - dropout)

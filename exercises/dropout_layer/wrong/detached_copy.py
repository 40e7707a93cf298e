"""Wrong: works on X.clone().detach() to avoid touching X, which cuts the gradient."""

import torch


def dropout_layer(X, dropout):
    assert 0 <= dropout <= 1
    if dropout == 1:
        return torch.zeros_like(X)
    if dropout == 0:
        return X
    Y = X.clone().detach()
    Y[torch.rand(X.shape, device=X.device) <= dropout] = 0
    return Y / (1.0 - dropout)

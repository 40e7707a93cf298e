"""Wrong: calls torch.nn.functional.batch_norm instead of computing the statistics itself."""

import torch
import torch.nn.functional as F


def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    assert len(X.shape) in (2, 4)
    if not torch.is_grad_enabled():
        Y = gamma * (X - moving_mean) / torch.sqrt(moving_var + eps) + beta
        return Y, moving_mean, moving_var
    dims = (0,) if X.dim() == 2 else (0, 2, 3)
    mean = X.mean(dim=dims, keepdim=True)
    var = ((X - mean) ** 2).mean(dim=dims, keepdim=True)
    Y = F.batch_norm(X, None, None, gamma.flatten(), beta.flatten(), training=True, eps=eps)
    moving_mean = momentum * moving_mean + (1.0 - momentum) * mean.detach()
    moving_var = momentum * moving_var + (1.0 - momentum) * var.detach()
    return Y, moving_mean, moving_var

# Wrong: divides by sqrt(var) + eps instead of sqrt(var + eps), which changes rows of small variance.
import torch


def layer_norm(X, gamma, beta, eps=1e-5):
    mean = X.mean(dim=-1, keepdim=True)
    var = ((X - mean) ** 2).mean(dim=-1, keepdim=True)
    return gamma * (X - mean) / (torch.sqrt(var) + eps) + beta

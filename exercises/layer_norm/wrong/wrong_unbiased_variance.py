# Wrong: X.var(-1) divides by d - 1 (unbiased), so every normalised value is off by sqrt((d - 1) / d).
import torch


def layer_norm(X, gamma, beta, eps=1e-5):
    mean = X.mean(dim=-1, keepdim=True)
    var = X.var(dim=-1, keepdim=True)
    return gamma * (X - mean) / torch.sqrt(var + eps) + beta

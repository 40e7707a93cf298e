# Wrong: reduces without keepdim=True, so the (batch,) statistics broadcast along the features instead of the rows.
import torch


def layer_norm(X, gamma, beta, eps=1e-5):
    mean = X.mean(dim=-1)
    var = ((X - X.mean(dim=-1, keepdim=True)) ** 2).mean(dim=-1)
    return gamma * (X - mean) / torch.sqrt(var + eps) + beta

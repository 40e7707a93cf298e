# Wrong: centres X in place (X -= mean), overwriting the caller's tensor.
import torch


def layer_norm(X, gamma, beta, eps=1e-5):
    with torch.no_grad():
        X -= X.mean(dim=-1, keepdim=True)
    var = (X**2).mean(dim=-1, keepdim=True)
    return gamma * X / torch.sqrt(var + eps) + beta

# Wrong: lets autograd do the backward pass (requires_grad_ + backward), which fails under torch.no_grad().
import torch
from torch.nn import functional as F


def mlp_backward(X, y, W1, b1, W2, b2):
    params = [p.detach().clone().requires_grad_() for p in (W1, b1, W2, b2)]
    w1, c1, w2, c2 = params
    F.cross_entropy(torch.relu(X @ w1 + c1) @ w2 + c2, y).backward()
    return {name: p.grad for name, p in zip(("W1", "b1", "W2", "b2"), params, strict=True)}

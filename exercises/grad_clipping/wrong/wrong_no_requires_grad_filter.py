# Wrong: takes every parameter, also those with requires_grad=False, so a frozen layer's stale gradient counts and is scaled.
import torch
from torch import nn


def grad_clipping(net, theta):
    if isinstance(net, nn.Module):
        params = list(net.parameters())
    else:
        params = net.params
    norm = torch.sqrt(sum(torch.sum(p.grad**2) for p in params))
    if norm > theta:
        for param in params:
            param.grad[:] *= theta / norm

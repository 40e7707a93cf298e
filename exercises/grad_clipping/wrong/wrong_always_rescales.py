# Wrong: rescales whatever the norm, so small gradients are blown up to norm theta.
import torch
from torch import nn


def grad_clipping(net, theta):
    if isinstance(net, nn.Module):
        params = [p for p in net.parameters() if p.requires_grad]
    else:
        params = net.params
    norm = torch.sqrt(sum(torch.sum(p.grad**2) for p in params))
    for param in params:
        param.grad[:] *= theta / norm

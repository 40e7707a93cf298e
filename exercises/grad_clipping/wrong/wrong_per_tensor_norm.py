# Wrong: clips each parameter's gradient by its own norm instead of one global norm.
import torch
from torch import nn


def grad_clipping(net, theta):
    if isinstance(net, nn.Module):
        params = [p for p in net.parameters() if p.requires_grad]
    else:
        params = net.params
    for param in params:
        norm = torch.sqrt(torch.sum(param.grad**2))
        if norm > theta:
            param.grad[:] *= theta / norm

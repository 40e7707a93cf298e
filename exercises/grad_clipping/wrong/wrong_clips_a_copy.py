# Wrong: computes the clipped gradients into new tensors and never writes them back, so nothing changes.
import torch
from torch import nn


def grad_clipping(net, theta):
    if isinstance(net, nn.Module):
        params = [p for p in net.parameters() if p.requires_grad]
    else:
        params = net.params
    grads = [p.grad.clone() for p in params]
    norm = torch.sqrt(sum(torch.sum(g**2) for g in grads))
    if norm > theta:
        grads = [g * theta / norm for g in grads]

# Wrong: clamps each gradient element to [-theta, theta] (clip by value), which changes the direction.
from torch import nn


def grad_clipping(net, theta):
    if isinstance(net, nn.Module):
        params = [p for p in net.parameters() if p.requires_grad]
    else:
        params = net.params
    for param in params:
        param.grad[:] = param.grad.clamp(-theta, theta)

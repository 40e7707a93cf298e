import torch
from torch import nn


def grad_clipping(net, theta):
    """Scale all gradients of net by one common factor so that their global L2 norm is at most theta.

    net is an nn.Module (use its parameters that require grad) or an object with a `.params`
    list (d2l's from-scratch models). Changes the gradients in place and returns None.
    """
    # Your code here: collect the parameters, compute the norm over all of their gradients
    # together, and rescale only when it is larger than theta.
    raise NotImplementedError

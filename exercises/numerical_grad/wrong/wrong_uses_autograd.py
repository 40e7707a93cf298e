# Wrong: asks autograd for the gradient instead of differencing f: it fails under torch.no_grad() and calls f once.
import torch


def numerical_grad(f, x, h=1e-5):
    x = x.detach().clone().requires_grad_()
    (grad,) = torch.autograd.grad(f(x), x)
    return grad

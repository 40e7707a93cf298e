# Wrong: perturbs the caller's x in place and never restores x[i], so later coordinates are evaluated at a shifted point and x is left changed.
import torch


def numerical_grad(f, x, h=1e-5):
    grad = torch.zeros_like(x)
    flat_x, flat_grad = x.view(-1), grad.view(-1)
    for i in range(flat_x.numel()):
        flat_x[i] += h
        plus = float(f(x))
        flat_x[i] -= 2 * h
        minus = float(f(x))
        flat_grad[i] = (plus - minus) / (2 * h)
    return grad

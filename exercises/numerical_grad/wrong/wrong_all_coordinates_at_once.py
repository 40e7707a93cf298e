# Wrong: perturbs every coordinate at once (x + h), which gives the directional derivative along (1, ..., 1) in every entry.
import torch


def numerical_grad(f, x, h=1e-5):
    derivative = (float(f(x + h)) - float(f(x - h))) / (2 * h)
    return torch.full_like(x, derivative)

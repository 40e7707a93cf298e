# Wrong: forward differences (f(x + h e_i) - f(x)) / h, whose O(h) error is far larger than the central O(h^2).
import torch


def numerical_grad(f, x, h=1e-5):
    grad = torch.zeros_like(x)
    point = x.clone()
    flat_point, flat_grad = point.view(-1), grad.view(-1)
    for i in range(flat_point.numel()):
        original = flat_point[i].item()
        base = float(f(point))
        flat_point[i] = original + h
        plus = float(f(point))
        flat_point[i] = original
        flat_grad[i] = (plus - base) / h
    return grad

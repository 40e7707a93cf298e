# Wrong: computes in float32 "to be fast": with h = 1e-5 the rounding error of f divided by 2h gives errors around 1e-2.
import torch


def numerical_grad(f, x, h=1e-5):
    point = x.detach().to(torch.float32).clone()
    grad = torch.zeros_like(point)
    flat_point, flat_grad = point.view(-1), grad.view(-1)
    for i in range(flat_point.numel()):
        original = flat_point[i].item()
        flat_point[i] = original + h
        plus = f(point.to(x.dtype)).to(torch.float32)
        flat_point[i] = original - h
        minus = f(point.to(x.dtype)).to(torch.float32)
        flat_point[i] = original
        flat_grad[i] = (plus - minus) / (2 * h)
    return grad.to(x.dtype)

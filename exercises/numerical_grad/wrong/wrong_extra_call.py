# Wrong: evaluates f(x) once more per coordinate (to print the loss), so f is called 3 * numel times instead of 2 * numel.
import torch


def numerical_grad(f, x, h=1e-5):
    grad = torch.zeros_like(x)
    point = x.clone()
    flat_point, flat_grad = point.view(-1), grad.view(-1)
    for i in range(flat_point.numel()):
        _ = float(f(point))  # the unperturbed loss, for debugging
        original = flat_point[i].item()
        flat_point[i] = original + h
        plus = float(f(point))
        flat_point[i] = original - h
        minus = float(f(point))
        flat_point[i] = original
        flat_grad[i] = (plus - minus) / (2 * h)
    return grad

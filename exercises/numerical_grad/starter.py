import torch


def numerical_grad(f, x, h=1e-5):
    """Gradient of the scalar function f at x by central differences, one coordinate at a time.

    f: takes a tensor shaped like x and returns a 0-d tensor. x: a float64 tensor of any shape.
    Returns a tensor with x's shape and dtype: (f(x + h e_i) - f(x - h e_i)) / (2h) at each i.
    Calls f exactly 2 * x.numel() times, leaves x unchanged and uses no autograd.
    """
    raise NotImplementedError

import torch


def mlp_backward(X, y, W1, b1, W2, b2):
    """Gradients of L = mean cross-entropy(O, y) for Z = X @ W1 + b1, H = relu(Z), O = H @ W2 + b2.

    X: (n, d), y: (n,) int64, W1: (d, h), b1: (h,), W2: (h, q), b2: (q,).
    Returns {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}, each shaped like its parameter.
    Written by hand: no autograd.
    """
    raise NotImplementedError

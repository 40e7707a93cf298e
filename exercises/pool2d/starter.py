import torch


def pool2d(X, pool_size, mode="max"):
    """Max ('max') or average ('avg') pooling of the matrix X with a (p_h, p_w) window, stride 1.

    X has shape (h, w); the result has shape (h - p_h + 1, w - p_w + 1).
    """
    p_h, p_w = pool_size
    # Your code here: create the output, then fill each position with the max or the mean
    # of the window X[i:i + p_h, j:j + p_w].
    raise NotImplementedError

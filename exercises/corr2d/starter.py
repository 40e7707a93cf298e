import torch


def corr2d(X, K):
    """2-D cross-correlation of the matrix X with the kernel K (no padding, stride 1).

    X has shape (h, w), K has shape (kh, kw); the result has shape (h - kh + 1, w - kw + 1)
    and Y[i, j] = (X[i:i + kh, j:j + kw] * K).sum().
    """
    # Your code here: create the output tensor, then fill it window by window.
    raise NotImplementedError

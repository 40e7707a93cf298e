import torch


def relu(X):
    """Element-wise max(X, 0), with X's shape, dtype and device. Do not modify X."""
    raise NotImplementedError

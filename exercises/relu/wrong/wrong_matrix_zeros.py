# Wrong: builds the zeros as a (rows, columns) matrix, so only 2-D X works.
import torch


def relu(X):
    return torch.max(X, torch.zeros(X.shape[0], X.shape[1], dtype=X.dtype))

# Wrong: forgets the bias b.
import torch


def linreg(X, w, b):
    return torch.matmul(X, w)

# Wrong: folds the bias into X in place (X += b / sum(w)), changing the caller's tensor.
import torch


def linreg(X, w, b):
    X += b / w.sum()
    return torch.matmul(X, w)

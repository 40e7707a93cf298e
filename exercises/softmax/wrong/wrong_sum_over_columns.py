# Wrong: normalises along dim 0 (each column sums to 1) instead of along each row.
import torch


def softmax(X):
    X_exp = torch.exp(X - X.max(dim=0, keepdim=True).values)
    return X_exp / X_exp.sum(0, keepdim=True)

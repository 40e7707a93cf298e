# Wrong: subtracts one global maximum instead of each row's, so rows far below it underflow to 0 / 0.
import torch


def softmax(X):
    X_exp = torch.exp(X - X.max())
    return X_exp / X_exp.sum(1, keepdim=True)

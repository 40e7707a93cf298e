# Wrong: casts everything to float32 "to be safe", so float64 inputs give a float32 result.
import torch


def linreg(X, w, b):
    return torch.matmul(X.float(), w.float()) + b.float()

# Wrong: adds b[0] (a number taken with .item()), which breaks for a 0-d b and cuts b's gradient.
import torch


def linreg(X, w, b):
    return torch.matmul(X, w) + b[0].item()

# Wrong: returns a Python float (.item()), which has no dtype and no gradient.
import torch


def l2_penalty(w):
    return torch.sum(w.pow(2)).item() / 2

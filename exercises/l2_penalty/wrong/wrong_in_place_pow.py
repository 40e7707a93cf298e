# Wrong: squares w in place (w.pow_(2)), overwriting the weights.
import torch


def l2_penalty(w):
    return torch.sum(w.pow_(2)) / 2

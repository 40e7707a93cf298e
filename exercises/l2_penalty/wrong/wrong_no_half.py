# Wrong: forgets the 1/2, so the penalty and its gradient (2w) are twice d2l's.
import torch


def l2_penalty(w):
    return torch.sum(w.pow(2))

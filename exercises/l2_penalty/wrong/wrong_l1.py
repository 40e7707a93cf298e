# Wrong: the L1 penalty sum(|w|) (the notes' name "L1_penalty"): its gradient is sign(w), not w.
import torch


def l2_penalty(w):
    return torch.sum(torch.abs(w))

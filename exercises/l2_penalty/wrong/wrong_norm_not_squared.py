# Wrong: uses the L2 norm itself, ||w|| / 2, instead of its square.
import torch


def l2_penalty(w):
    return torch.norm(w) / 2

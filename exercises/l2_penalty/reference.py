"""Reference solution of l2_penalty (never shown to learners, never visible to a submission)."""

import torch


def l2_penalty(w):
    return torch.sum(w.pow(2)) / 2

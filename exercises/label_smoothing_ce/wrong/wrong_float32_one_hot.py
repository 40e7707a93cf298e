# Wrong: builds the one-hot target as float32 (torch.eye's default dtype) whatever the logits' dtype, losing float64 precision.
import torch
from torch.nn import functional as F


def label_smoothing_ce(logits, y, epsilon=0.1):
    k = logits.shape[-1]
    target = (1 - epsilon) * torch.eye(k)[y] + epsilon / k
    return -(target * F.log_softmax(logits, dim=-1)).sum(dim=-1).mean()

# Wrong: smooths the logits ((1 - eps) * logits + eps / K) and then takes plain cross-entropy, instead of smoothing the targets.
import torch
from torch.nn import functional as F


def label_smoothing_ce(logits, y, epsilon=0.1):
    k = logits.shape[-1]
    smoothed = (1 - epsilon) * logits + epsilon / k
    log_probs = F.log_softmax(smoothed, dim=-1)
    return -log_probs[torch.arange(len(y)), y].mean()

# Wrong: torch.log(torch.softmax(logits)): a probability that underflows to 0 gives log 0 = -inf and 0 * -inf = NaN.
import torch
from torch.nn import functional as F


def label_smoothing_ce(logits, y, epsilon=0.1):
    k = logits.shape[-1]
    target = (1 - epsilon) * F.one_hot(y, k).to(logits.dtype) + epsilon / k
    return -(target * torch.log(torch.softmax(logits, dim=-1))).sum(dim=-1).mean()

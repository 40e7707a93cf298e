"""Reference solution of label_smoothing_ce (never shown to learners, never visible to a submission)."""

from torch.nn import functional as F


def label_smoothing_ce(logits, y, epsilon=0.1):
    num_classes = logits.shape[-1]
    log_probs = F.log_softmax(logits, dim=-1)
    one_hot = F.one_hot(y, num_classes).to(dtype=logits.dtype, device=logits.device)
    target = (1 - epsilon) * one_hot + epsilon / num_classes
    return -(target * log_probs).sum(dim=-1).mean()

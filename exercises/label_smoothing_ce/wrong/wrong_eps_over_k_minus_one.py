# Wrong: the "1 - eps on the true class, eps / (K - 1) on the others" variant, not PyTorch's (1 - eps) * one_hot + eps / K.
from torch.nn import functional as F


def label_smoothing_ce(logits, y, epsilon=0.1):
    k = logits.shape[-1]
    one_hot = F.one_hot(y, k).to(logits.dtype)
    target = one_hot * (1 - epsilon) + (1 - one_hot) * epsilon / (k - 1)
    return -(target * F.log_softmax(logits, dim=-1)).sum(dim=-1).mean()

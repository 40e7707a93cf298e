# Wrong: negates the caller's scores in place (neg_) to sort them in descending order.
import torch


def roc_auc(y_true, scores):
    y = torch.as_tensor(y_true).reshape(-1)
    s = torch.as_tensor(scores, dtype=torch.float64).reshape(-1)
    positive = y == 1
    n_pos = int(positive.sum())
    n_neg = y.numel() - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("ROC-AUC needs both classes")
    s.neg_()  # descending order by sorting -s ascending
    _, inverse, counts = torch.unique(s, sorted=True, return_inverse=True, return_counts=True)
    counts = counts.to(torch.float64)
    ranks = (torch.cumsum(counts, 0) - counts + 1 + (counts - 1) / 2)[inverse]
    descending = (float(ranks[positive].sum()) - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)
    return 1.0 - descending

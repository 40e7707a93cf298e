# Wrong: no check for a single class: 0 / 0 returns NaN instead of raising ValueError.
import torch


def roc_auc(y_true, scores):
    y = torch.as_tensor(y_true).reshape(-1)
    s = torch.as_tensor(scores, dtype=torch.float64).reshape(-1)
    positive = y == 1
    n_pos = int(positive.sum())
    n_neg = y.numel() - n_pos
    _, inverse, counts = torch.unique(s, sorted=True, return_inverse=True, return_counts=True)
    counts = counts.to(torch.float64)
    ranks = (torch.cumsum(counts, 0) - counts + 1 + (counts - 1) / 2)[inverse]
    total = n_pos * n_neg
    return (
        (float(ranks[positive].sum()) - n_pos * (n_pos + 1) / 2) / total if total else float("nan")
    )

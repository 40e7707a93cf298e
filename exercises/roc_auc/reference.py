"""Reference solution of roc_auc (never shown to learners, never visible to a submission).

Mann-Whitney form: AUC = (sum of the positives' ranks - n_pos (n_pos + 1) / 2) / (n_pos n_neg),
with tied scores sharing the average of their ranks (so a tied pair counts 1/2).
"""

import torch


def roc_auc(y_true, scores):
    y = torch.as_tensor(y_true).reshape(-1)
    s = torch.as_tensor(scores).reshape(-1).to(torch.float64)
    if y.numel() != s.numel():
        raise ValueError(f"{y.numel()} labels but {s.numel()} scores")
    positive = y == 1
    n_pos = int(positive.sum())
    n_neg = y.numel() - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("ROC-AUC needs both classes in y_true")
    _, inverse, counts = torch.unique(s, sorted=True, return_inverse=True, return_counts=True)
    counts = counts.to(torch.float64)
    first_rank = torch.cumsum(counts, 0) - counts + 1  # rank of the first element of each group
    average_rank = first_rank + (counts - 1) / 2
    rank_sum = float(average_rank[inverse][positive].sum())
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)

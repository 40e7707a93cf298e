# Wrong: counts a tie as a win (s_pos >= s_neg) instead of 1/2, so constant scores give 1.0.
import torch


def roc_auc(y_true, scores):
    y = torch.as_tensor(y_true).reshape(-1)
    s = torch.as_tensor(scores, dtype=torch.float64).reshape(-1)
    n_pos = int((y == 1).sum())
    n_neg = y.numel() - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("ROC-AUC needs both classes")
    negatives = torch.sort(s[y == 0]).values
    at_or_below = torch.searchsorted(negatives, s[y == 1], right=True)
    return float(at_or_below.sum()) / (n_pos * n_neg)

# Wrong: adds one ROC point per sorted sample instead of per distinct threshold, so tied scores are split in whatever order the sort left them.
import torch


def roc_auc(y_true, scores):
    y = torch.as_tensor(y_true).reshape(-1).to(torch.float64)
    s = torch.as_tensor(scores, dtype=torch.float64).reshape(-1)
    n_pos = float(y.sum())
    n_neg = y.numel() - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("ROC-AUC needs both classes")
    order = torch.argsort(s, descending=True, stable=True)
    tpr = torch.cat([torch.zeros(1, dtype=torch.float64), torch.cumsum(y[order], 0) / n_pos])
    fpr = torch.cat([torch.zeros(1, dtype=torch.float64), torch.cumsum(1 - y[order], 0) / n_neg])
    return float(torch.trapezoid(tpr, fpr))

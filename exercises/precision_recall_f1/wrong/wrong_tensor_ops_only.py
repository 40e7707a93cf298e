# Wrong: works on tensors only ((y_true == c) & (y_pred == c)) and returns 0-d tensors instead of Python floats.
import torch


def _scores(y_true, y_pred, c):
    tp = ((y_true == c) & (y_pred == c)).sum()
    fp = ((y_true != c) & (y_pred == c)).sum()
    fn = ((y_true == c) & (y_pred != c)).sum()
    p = tp / (tp + fp) if tp + fp else torch.tensor(0.0)
    r = tp / (tp + fn) if tp + fn else torch.tensor(0.0)
    return p, r, 2 * p * r / (p + r) if p + r else torch.tensor(0.0)


def precision_recall_f1(y_true, y_pred, average="binary", pos_label=1):
    y_true, y_pred = torch.as_tensor(y_true), torch.as_tensor(y_pred)
    if average == "binary":
        return _scores(y_true, y_pred, pos_label)
    if average == "micro":
        accuracy = (y_true == y_pred).double().mean()
        return accuracy, accuracy, accuracy
    scores = [_scores(y_true, y_pred, c) for c in torch.unique(torch.cat([y_true, y_pred]))]
    return tuple(sum(s[i] for s in scores) / len(scores) for i in range(3))

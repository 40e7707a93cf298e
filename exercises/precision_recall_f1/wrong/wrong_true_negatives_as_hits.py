# Wrong: counts true negatives as hits: precision (TP + TN) / (TP + TN + FP), recall (TP + TN) / (TP + TN + FN).


def _as_list(values):
    return values.tolist() if hasattr(values, "tolist") else list(values)


def _counts(y_true, y_pred, label):
    tp = sum(t == label and p == label for t, p in zip(y_true, y_pred, strict=True))
    fp = sum(t != label and p == label for t, p in zip(y_true, y_pred, strict=True))
    fn = sum(t == label and p != label for t, p in zip(y_true, y_pred, strict=True))
    return tp, fp, fn


def _scores(tp, fp, fn, tn=0):
    p = (tp + tn) / (tp + tn + fp) if tp + tn + fp else 0.0
    r = (tp + tn) / (tp + tn + fn) if tp + tn + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def precision_recall_f1(y_true, y_pred, average="binary", pos_label=1):
    y_true, y_pred = _as_list(y_true), _as_list(y_pred)
    per_class = [_counts(y_true, y_pred, c) for c in sorted(set(y_true) | set(y_pred))]
    if average == "binary":
        tp, fp, fn = _counts(y_true, y_pred, pos_label)
        return _scores(tp, fp, fn, len(y_true) - tp - fp - fn)
    if average == "micro":
        return _scores(*(sum(c[i] for c in per_class) for i in range(3)))
    scores = [_scores(*c, len(y_true) - sum(c)) for c in per_class]
    return tuple(sum(s[i] for s in scores) / len(scores) for i in range(3))

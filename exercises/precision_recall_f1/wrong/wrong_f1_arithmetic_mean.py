# Wrong: F1 as the arithmetic mean (P + R) / 2 instead of the harmonic mean.


def _as_list(values):
    return values.tolist() if hasattr(values, "tolist") else list(values)


def _counts(y_true, y_pred, label):
    tp = sum(t == label and p == label for t, p in zip(y_true, y_pred, strict=True))
    fp = sum(t != label and p == label for t, p in zip(y_true, y_pred, strict=True))
    fn = sum(t == label and p != label for t, p in zip(y_true, y_pred, strict=True))
    return tp, fp, fn


def _scores(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (p + r) / 2


def precision_recall_f1(y_true, y_pred, average="binary", pos_label=1):
    y_true, y_pred = _as_list(y_true), _as_list(y_pred)
    if average == "binary":
        return _scores(*_counts(y_true, y_pred, pos_label))
    per_class = [_counts(y_true, y_pred, c) for c in sorted(set(y_true) | set(y_pred))]
    if average == "micro":
        return _scores(*(sum(c[i] for c in per_class) for i in range(3)))
    scores = [_scores(*c) for c in per_class]
    return tuple(sum(s[i] for s in scores) / len(scores) for i in range(3))

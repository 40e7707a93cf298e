# Wrong: 0 / 0 becomes NaN (float('nan')) instead of 0.


def _as_list(values):
    return values.tolist() if hasattr(values, "tolist") else list(values)


def _counts(y_true, y_pred, label):
    tp = sum(t == label and p == label for t, p in zip(y_true, y_pred, strict=True))
    fp = sum(t != label and p == label for t, p in zip(y_true, y_pred, strict=True))
    fn = sum(t == label and p != label for t, p in zip(y_true, y_pred, strict=True))
    return tp, fp, fn


def _div(a, b):
    return a / b if b else float("nan")


def _scores(tp, fp, fn):
    p, r = _div(tp, tp + fp), _div(tp, tp + fn)
    return p, r, _div(2 * p * r, p + r)


def precision_recall_f1(y_true, y_pred, average="binary", pos_label=1):
    y_true, y_pred = _as_list(y_true), _as_list(y_pred)
    if average == "binary":
        return _scores(*_counts(y_true, y_pred, pos_label))
    per_class = [_counts(y_true, y_pred, c) for c in sorted(set(y_true) | set(y_pred))]
    if average == "micro":
        return _scores(*(sum(c[i] for c in per_class) for i in range(3)))
    scores = [_scores(*c) for c in per_class]
    return tuple(sum(s[i] for s in scores) / len(scores) for i in range(3))

"""Reference solution of precision_recall_f1 (never shown to learners, never visible to a submission)."""


def _labels(values):
    if hasattr(values, "tolist"):
        values = values.tolist()
    return [value.item() if hasattr(value, "item") else value for value in values]


def _ratio(numerator, denominator):
    return numerator / denominator if denominator else 0.0


def _counts(y_true, y_pred, label):
    tp = sum(t == label and p == label for t, p in zip(y_true, y_pred, strict=True))
    fp = sum(t != label and p == label for t, p in zip(y_true, y_pred, strict=True))
    fn = sum(t == label and p != label for t, p in zip(y_true, y_pred, strict=True))
    return tp, fp, fn


def _scores(tp, fp, fn):
    precision = _ratio(tp, tp + fp)
    recall = _ratio(tp, tp + fn)
    return precision, recall, _ratio(2 * precision * recall, precision + recall)


def precision_recall_f1(y_true, y_pred, average="binary", pos_label=1):
    y_true, y_pred = _labels(y_true), _labels(y_pred)
    if len(y_true) != len(y_pred):
        raise ValueError(f"{len(y_true)} labels but {len(y_pred)} predictions")
    if average == "binary":
        return tuple(float(s) for s in _scores(*_counts(y_true, y_pred, pos_label)))
    classes = sorted(set(y_true) | set(y_pred))
    per_class = [_counts(y_true, y_pred, label) for label in classes]
    if average == "micro":
        totals = [sum(counts[i] for counts in per_class) for i in range(3)]
        return tuple(float(s) for s in _scores(*totals))
    if average == "macro":
        scores = [_scores(*counts) for counts in per_class]
        return tuple(float(sum(s[i] for s in scores) / len(scores)) for i in range(3))
    raise ValueError(f"average must be 'binary', 'macro' or 'micro', got {average!r}")

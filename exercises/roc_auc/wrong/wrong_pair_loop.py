# Wrong: compares every positive with every negative in a Python loop: right values, but O(n^2) (times out on 100,000 examples).
def roc_auc(y_true, scores):
    y = [int(v) for v in (y_true.tolist() if hasattr(y_true, "tolist") else y_true)]
    s = [float(v) for v in (scores.tolist() if hasattr(scores, "tolist") else scores)]
    positives = [score for score, label in zip(s, y, strict=True) if label == 1]
    negatives = [score for score, label in zip(s, y, strict=True) if label == 0]
    if not positives or not negatives:
        raise ValueError("ROC-AUC needs both classes")
    won = 0.0
    for p in positives:
        for n in negatives:
            won += 1.0 if p > n else 0.5 if p == n else 0.0
    return won / (len(positives) * len(negatives))

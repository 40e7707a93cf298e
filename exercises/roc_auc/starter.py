import torch


def roc_auc(y_true, scores):
    """Area under the ROC curve of real-valued scores for binary labels, as a Python float.

    y_true: 0/1 labels; scores: one real number per example, higher meaning "more positive"
    (lists, NumPy arrays or 1-D tensors). Ties between a positive and a negative count 1/2.
    Raises ValueError when y_true holds only one class. Must run in O(n log n).
    """
    raise NotImplementedError

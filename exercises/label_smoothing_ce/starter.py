import torch


def label_smoothing_ce(logits, y, epsilon=0.1):
    """Mean cross-entropy between softmax(logits) and the smoothed target (1 - eps) * one_hot(y) + eps / K.

    logits: (N, K) unnormalised scores; y: (N,) int64 class indices.
    Returns a 0-d tensor (the mean over the batch) with logits' dtype.
    """
    raise NotImplementedError

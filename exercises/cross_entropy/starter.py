import torch


def cross_entropy(y_hat, y):
    """Per-example cross-entropy loss.

    y_hat: (n, q) predicted probabilities (each row sums to 1, e.g. the output of softmax).
    y:     (n,) int64 indices of the true classes.
    Returns the (n,) vector -log(y_hat[i, y[i]]), one loss per example (not averaged).
    """
    raise NotImplementedError

import torch


def accuracy(y_hat, y):
    """The NUMBER of correct predictions, as a Python float (not the fraction).

    y_hat: (n, q) class scores or probabilities, or (n,) already-predicted labels.
    y:     (n,) true labels (any integer or float dtype).
    """
    raise NotImplementedError

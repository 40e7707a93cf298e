import torch


def synthetic_data(w, b, num_examples):
    """Generate y = Xw + b + noise.

    X: (num_examples, len(w)) float32, each entry drawn from N(0, 1).
    noise: drawn from N(0, 0.01**2), one value per example.
    Returns (X, y) with y of shape (num_examples, 1) -- a column, not a vector.
    """
    raise NotImplementedError

import random

import torch


def data_iter(batch_size, features, labels):
    """Yield (X, y) minibatches of `batch_size` examples, in a random order (a generator).

    Every example appears exactly once per pass; the last batch may be smaller.
    """
    # Your code here: make the list of indices 0 .. n - 1, shuffle it, then yield
    # (features[batch], labels[batch]) for each run of batch_size indices.
    raise NotImplementedError

import torch


def masked_softmax(X, valid_lens):
    """Softmax over the last axis of X (batch, n_q, n_k), ignoring keys at or past the valid length.

    valid_lens: None (no mask), (batch,) one length per example, or (batch, n_q) one per query.
    Masked scores are replaced by -1e6 before the softmax (so a length of 0 gives a uniform row).
    Returns a new tensor shaped like X; X itself is not modified.
    """
    raise NotImplementedError

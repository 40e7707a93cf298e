"""Reference solution of masked_softmax (never shown to learners, never visible to a submission)."""

import torch


def _softmax(X):
    shifted = X - X.amax(dim=-1, keepdim=True)
    exp = torch.exp(shifted)
    return exp / exp.sum(dim=-1, keepdim=True)


def masked_softmax(X, valid_lens):
    if valid_lens is None:
        return _softmax(X)
    batch, n_q, n_k = X.shape
    valid_lens = torch.as_tensor(valid_lens, device=X.device)
    if valid_lens.dim() == 1:
        lens = torch.repeat_interleave(valid_lens, n_q).reshape(batch, n_q)
    else:
        lens = valid_lens.reshape(batch, n_q)
    keep = torch.arange(n_k, device=X.device) < lens.unsqueeze(-1)
    # masked_fill returns a copy: the caller's scores are left alone (d2l's X[~mask] = -1e6
    # assigns through a view and overwrites them).
    return _softmax(X.masked_fill(~keep, -1e6))

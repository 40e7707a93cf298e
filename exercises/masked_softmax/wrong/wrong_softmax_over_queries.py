# Wrong: normalises over dim 1 (the queries) instead of the last axis (the keys).
import torch


def masked_softmax(X, valid_lens):
    if valid_lens is not None:
        batch, n_q, n_k = X.shape
        if valid_lens.dim() == 1:
            valid_lens = torch.repeat_interleave(valid_lens, n_q)
        keep = torch.arange(n_k) < valid_lens.reshape(batch, n_q, 1)
        X = X.masked_fill(~keep, -1e6)
    exp = torch.exp(X - X.amax(dim=1, keepdim=True))
    return exp / exp.sum(dim=1, keepdim=True)

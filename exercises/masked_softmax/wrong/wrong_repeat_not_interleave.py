# Wrong: expands a (batch,) valid_lens with .repeat(n_q), which tiles [1, 2, 3] as [1, 2, 3, 1, 2, 3] and pairs lengths with the wrong examples.
import torch


def masked_softmax(X, valid_lens):
    if valid_lens is not None:
        batch, n_q, n_k = X.shape
        if valid_lens.dim() == 1:
            valid_lens = valid_lens.repeat(n_q)
        keep = torch.arange(n_k) < valid_lens.reshape(batch, n_q, 1)
        X = X.masked_fill(~keep, -1e6)
    exp = torch.exp(X - X.amax(dim=-1, keepdim=True))
    return exp / exp.sum(dim=-1, keepdim=True)

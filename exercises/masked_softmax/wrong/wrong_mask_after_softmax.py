# Wrong: takes the softmax over all keys first and zeroes the padding afterwards, so rows no longer sum to 1.
import torch


def masked_softmax(X, valid_lens):
    exp = torch.exp(X - X.amax(dim=-1, keepdim=True))
    Y = exp / exp.sum(dim=-1, keepdim=True)
    if valid_lens is None:
        return Y
    batch, n_q, n_k = X.shape
    if valid_lens.dim() == 1:
        valid_lens = torch.repeat_interleave(valid_lens, n_q)
    keep = torch.arange(n_k) < valid_lens.reshape(batch, n_q, 1)
    return Y * keep

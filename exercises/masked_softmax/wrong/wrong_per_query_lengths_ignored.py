# Wrong: always uses the first column of valid_lens, so a (batch, n_q) valid_lens masks every query by its example's first length.
import torch


def masked_softmax(X, valid_lens):
    if valid_lens is not None:
        batch, n_q, n_k = X.shape
        per_example = valid_lens if valid_lens.dim() == 1 else valid_lens[:, 0]
        keep = torch.arange(n_k) < torch.repeat_interleave(per_example, n_q).reshape(batch, n_q, 1)
        X = X.masked_fill(~keep, -1e6)
    exp = torch.exp(X - X.amax(dim=-1, keepdim=True))
    return exp / exp.sum(dim=-1, keepdim=True)

# Wrong: d2l's own code, X[~mask] = -1e6 on a reshaped view: it overwrites the caller's scores and raises on a leaf that requires grad.
import torch


def masked_softmax(X, valid_lens):
    if valid_lens is not None:
        shape = X.shape
        if valid_lens.dim() == 1:
            valid_lens = torch.repeat_interleave(valid_lens, shape[1])
        else:
            valid_lens = valid_lens.reshape(-1)
        flat = X.reshape(-1, shape[-1])
        mask = torch.arange(shape[-1])[None, :] < valid_lens[:, None]
        flat[~mask] = -1e6
        X = flat.reshape(shape)
    exp = torch.exp(X - X.amax(dim=-1, keepdim=True))
    return exp / exp.sum(dim=-1, keepdim=True)

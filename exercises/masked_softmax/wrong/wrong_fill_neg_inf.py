# Wrong: fills masked scores with -inf instead of -1e6, so a row of valid length 0 becomes 0 / 0 = NaN.
import torch


def masked_softmax(X, valid_lens):
    if valid_lens is not None:
        batch, n_q, n_k = X.shape
        lens = (
            valid_lens.reshape(batch, -1).expand(batch, n_q)
            if valid_lens.dim() == 1
            else valid_lens
        )
        keep = torch.arange(n_k) < lens.unsqueeze(-1)
        X = X.masked_fill(~keep, float("-inf"))
    exp = torch.exp(X - X.amax(dim=-1, keepdim=True))
    return exp / exp.sum(dim=-1, keepdim=True)

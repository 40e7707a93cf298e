import torch


def layer_norm(X, gamma, beta, eps=1e-5):
    """Normalise each row of X over its last dimension, then scale by gamma and shift by beta.

    X: (..., d), e.g. (batch, d) or (batch, num_steps, d); gamma, beta: (d,).
    Uses the biased variance (divide by d) and sqrt(var + eps). Returns a tensor shaped like X.
    """
    raise NotImplementedError

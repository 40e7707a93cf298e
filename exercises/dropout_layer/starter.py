import torch


def dropout_layer(X, dropout):
    """Zero each element of X with probability `dropout`; scale the survivors by 1 / (1 - dropout).

    dropout == 0 returns X unchanged, dropout == 1 returns zeros. Do not modify X.
    """
    assert 0 <= dropout <= 1
    # Your code here: handle dropout == 1 and dropout == 0, then draw a random mask
    # on X's device and return the masked, rescaled tensor.
    raise NotImplementedError

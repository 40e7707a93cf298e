import torch


def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    """Batch normalisation, d2l style. Returns (Y, moving_mean, moving_var).

    Training mode when torch.is_grad_enabled(), inference mode otherwise.
    X is 2-D (batch, features) or 4-D (batch, channels, height, width).
    """
    if not torch.is_grad_enabled():
        # Inference: normalise with moving_mean / moving_var.
        raise NotImplementedError
    assert len(X.shape) in (2, 4)
    # Training: batch mean and biased variance (over dim 0 for 2-D input,
    # over (0, 2, 3) with keepdim=True for 4-D input), normalise, then update
    # moving = momentum * moving + (1 - momentum) * batch_statistic.
    raise NotImplementedError

import torch


def accumulate_step(model, loss_fn, optimizer, X, y, micro_batch_size):
    """One optimizer step over the batch (X, y), computed micro-batch by micro-batch.

    loss_fn(prediction, target) returns the MEAN loss over its batch. After the call the
    parameters must be those of one ordinary step on the whole batch; return the batch's
    mean loss (before the step) as a Python float.
    """
    raise NotImplementedError

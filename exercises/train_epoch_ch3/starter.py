import torch
from d2l import torch as d2l  # d2l.Accumulator and d2l.accuracy are available


def train_epoch_ch3(net, train_iter, loss, updater):
    """Train `net` for one pass over `train_iter`; return (mean loss per example, accuracy).

    loss:    returns one loss per example (reduction='none'), e.g. nn.CrossEntropyLoss(reduction='none').
    updater: a torch.optim.Optimizer, or d2l's custom updater, a function updater(batch_size).
    """
    raise NotImplementedError

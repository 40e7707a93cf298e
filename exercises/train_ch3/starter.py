import torch
from d2l import torch as d2l  # d2l.Accumulator, d2l.accuracy, d2l.evaluate_accuracy, d2l.Animator


def train_epoch_ch3(net, train_iter, loss, updater):
    """One pass over train_iter; (mean loss per example, accuracy). See the train_epoch_ch3 exercise."""
    raise NotImplementedError


def train_ch3(net, train_iter, test_iter, loss, num_epochs, updater):
    """Train `net` in place for num_epochs; after every epoch, measure its accuracy on test_iter.

    loss:    one loss per example (reduction='none').
    updater: a torch.optim.Optimizer, or d2l's custom updater(batch_size).
    """
    raise NotImplementedError

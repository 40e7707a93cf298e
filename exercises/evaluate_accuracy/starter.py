import torch
from d2l import torch as d2l  # d2l.Accumulator and d2l.accuracy are available
from torch import nn


def evaluate_accuracy(net, data_iter):
    """The fraction of the examples in `data_iter` that `net` classifies correctly (a Python float).

    net:       an nn.Module, or a plain function such as d2l's from-scratch softmax regression.
    data_iter: yields (X, y) minibatches; the last one may be smaller.
    """
    raise NotImplementedError

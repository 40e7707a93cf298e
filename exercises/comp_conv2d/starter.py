import torch
from torch import nn


def comp_conv2d(conv2d, X):
    """Apply the layer conv2d (nn.Conv2d with one input and one output channel) to the matrix X.

    X has shape (h, w). Add the batch and channel dimensions (both 1) that conv2d expects,
    run it, and return the output without those two dimensions: shape (h', w').
    """
    # Your code here.
    raise NotImplementedError

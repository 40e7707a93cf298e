import torch
from torch import nn

num_inputs, num_outputs, num_hiddens = 784, 10, 256

# Module-level parameters, read by the grader after each call (keep the name `params`):
# W1 (784, 256), b1 (256,), W2 (256, 10), b2 (10,); weights ~ N(0, 0.01^2), biases zeros;
# all four must be leaf tensors that require grad (torch.optim.SGD(params) must accept them).
params = []  # Your code here: [W1, b1, W2, b2]


def relu(X):
    """Element-wise max(X, 0)."""
    raise NotImplementedError


def net(X):
    """One hidden layer of 256 ReLU units: (N, 1, 28, 28) or (N, 784) in, (N, 10) logits out."""
    raise NotImplementedError

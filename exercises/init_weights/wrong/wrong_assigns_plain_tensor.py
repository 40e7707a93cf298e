# Wrong: assigns a new plain tensor to m.weight: TypeError, cannot assign a FloatTensor as parameter 'weight'.
import torch
from torch import nn


def init_weights(m):
    if type(m) == nn.Linear:
        m.weight = torch.randn(m.weight.shape) * 0.01

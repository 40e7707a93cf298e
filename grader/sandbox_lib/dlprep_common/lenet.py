"""d2l's nets of the training exercises (LeNet for train_ch6, softmax regression for train_ch3)
and the device a training run uses: one definition for the child's builders and for the
trusted parent, which loads a returned state_dict into its own copy of the net."""

from __future__ import annotations

import torch
from torch import nn


def lenet() -> nn.Sequential:
    """d2l's LeNet-5 for 28x28 FashionMNIST: two sigmoid conv + avg-pool blocks, then 120 -> 84 -> 10."""
    return nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5, padding=2),
        nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5),
        nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120),
        nn.Sigmoid(),
        nn.Linear(120, 84),
        nn.Sigmoid(),
        nn.Linear(84, 10),
    )


def softmax_regression() -> nn.Sequential:
    """d2l's concise softmax regression (train_ch3): Flatten, Linear(784, 10), weights ~ N(0, 0.01²), bias 0."""
    linear = nn.Linear(784, 10)
    nn.init.normal_(linear.weight, std=0.01)
    nn.init.zeros_(linear.bias)
    return nn.Sequential(nn.Flatten(), linear)


def best_device() -> torch.device:
    """The first GPU when there is one, else the CPU."""
    return torch.device("cuda:0") if torch.cuda.is_available() else torch.device("cpu")

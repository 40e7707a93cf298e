"""d2l's LeNet and the device a training run uses: one definition for the child's builder and
for the trusted parent, which loads a returned state_dict into its own LeNet."""

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


def best_device() -> torch.device:
    """The first GPU when there is one, else the CPU."""
    return torch.device("cuda:0") if torch.cuda.is_available() else torch.device("cpu")

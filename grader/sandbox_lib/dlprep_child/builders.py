"""The exercises' builders: what `Build("lenet")`, `Build("fashion_iter", ...)`, `Build("device")` become.

Registered into `build.BUILDERS` on import (the zygote imports this module before any
submission runs). The trusted parent imports the same functions to build the network it
loads a returned state_dict into, so parent and child agree on LeNet's layout.
"""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn

from .build import data_paths, register_builder
from .fashion import FashionBatches, load_split

# grader/data, found next to this library when the launcher did not say where it is mounted.
DEFAULT_PACKAGE_DATA = Path(__file__).resolve().parents[2] / "data"


@register_builder("lenet")
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


@register_builder("fashion_iter")
def fashion_iter(
    split: str, profile: str, batch_size: int, limit: int | None = None, resize: int | None = None
) -> FashionBatches:
    """Minibatches of the `train` (shuffled) or `test` split of `profile`; `limit` keeps the first N images."""
    if split == "heldout":
        raise ValueError("the held-out split is scored by the grader only")
    images, labels = load_split(split, profile, package_data_dir(), data_paths().data_root)
    if limit is not None:
        images, labels = images[:limit], labels[:limit]
    return FashionBatches(images, labels, batch_size, shuffle=split == "train", resize=resize)


@register_builder("device")
def device() -> torch.device:
    """The device a training exercise should use: the first GPU when there is one, else the CPU."""
    return torch.device("cuda:0") if torch.cuda.is_available() else torch.device("cpu")


@register_builder("to_device")
def to_device(tensor: torch.Tensor) -> torch.Tensor:
    """`tensor` moved to `device()`: how a test hands a CUDA input to a function exercise."""
    return tensor.to(device())


@register_builder("leaf_with_grad")
def leaf_with_grad(tensor: torch.Tensor, grad: torch.Tensor) -> torch.Tensor:
    """A leaf tensor that requires grad and already holds `.grad`: a parameter after backward (for sgd)."""
    leaf = tensor.detach().clone().requires_grad_(True)
    leaf.grad = grad.detach().clone().to(leaf.dtype)
    return leaf


def package_data_dir() -> Path:
    """Where the shipped quick subset is: the launcher's mount, else grader/data beside this library."""
    return data_paths().package_data or DEFAULT_PACKAGE_DATA

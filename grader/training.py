"""Trusted-parent side of the training exercises: profiles, LeNet, data, and scoring a returned state_dict.

A training submission returns only its trained `state_dict`; the parent loads it into its own
LeNet (the same builder the child uses) and measures accuracy on the held-out split, which the
submission's iterators never yield, and the mean training loss. Everything here runs in the
trusted process; torch is imported only by the callers that need it (never by the TUI).

The full profile's root is found through `data_root()`: an explicit argument, else the root of
the grading in progress (`Grader(data_root=...)` sets it around the hidden tests with
`grading_data_root`, so `dlprep grade --data-dir D` reaches them), else $DLPREP_DATA.
"""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
from torch import nn

from dlprep.grader.sandbox_data import data_cache_dir
from dlprep.grader.sandbox_lib.dlprep_child.builders import DEFAULT_PACKAGE_DATA, lenet
from dlprep.grader.sandbox_lib.dlprep_child.builders import (
    softmax_regression as softmax_regression,  # re-exported: the net train_ch3's tests score
)
from dlprep.grader.sandbox_lib.dlprep_child.fashion import FashionBatches, load_split

DATA_ROOT_ENV = "DLPREP_DATA"
CHANCE_LOSS = math.log(10)  # cross-entropy of a uniform guess over the 10 classes
EVAL_BATCH_SIZE = 1024

_grading_root: ContextVar[Path | None] = ContextVar("dlprep_grading_data_root", default=None)


@dataclass(frozen=True)
class Profile:
    """How a training exercise is run and scored: `quick` (CPU subset) or `full` (d2l's setting)."""

    name: str
    batch_size: int
    lr: float
    num_epochs: int
    cuda_if_available: bool

    def settings(self) -> dict[str, object]:
        return asdict(self)


PROFILES: dict[str, Profile] = {
    # 12,000 images, 15 epochs of 94 steps: 0.71-0.78 held-out accuracy over six seeds, about
    # 10 s on 2 idle CPU cores (10 epochs left some seeds on the sigmoid plateau: 0.55-0.72).
    "quick": Profile("quick", batch_size=128, lr=0.9, num_epochs=15, cuda_if_available=False),
    # d2l's LeNet run: all 60,000 images, batch 256, lr 0.9, 10 epochs, on a GPU when present.
    "full": Profile("full", batch_size=256, lr=0.9, num_epochs=10, cuda_if_available=True),
}


# train_ch3 trains d2l's softmax regression on the CPU, as d2l does (batch 256, lr 0.1, 10 epochs on
# 60,000 images). On the 12,000 quick images batch 128 keeps more of d2l's step count: about 3 s
# per run on one core, 0.82-0.83 held-out accuracy and a training loss near 0.49.
SOFTMAX_PROFILES: dict[str, Profile] = {
    "quick": Profile("quick", batch_size=128, lr=0.1, num_epochs=10, cuda_if_available=False),
    "full": Profile("full", batch_size=256, lr=0.1, num_epochs=10, cuda_if_available=False),
}

NetBuilder = Callable[[], nn.Module]


def get_profile(name: str, profiles: Mapping[str, Profile] = PROFILES) -> Profile:
    try:
        return profiles[name]
    except KeyError:
        raise ValueError(
            f"unknown profile {name!r} (expected one of {', '.join(profiles)})"
        ) from None


def data_root(explicit: Path | None = None) -> Path | None:
    """The full FashionMNIST root: `explicit`, else the current grading's, else $DLPREP_DATA, else None."""
    if explicit is not None:
        return explicit
    grading = _grading_root.get()
    if grading is not None:
        return grading
    value = os.environ.get(DATA_ROOT_ENV)
    return Path(value) if value else None


@contextlib.contextmanager
def grading_data_root(root: Path | None) -> Iterator[None]:
    """Within the block (this thread or task only), `data_root()` finds `root` before $DLPREP_DATA."""
    token = _grading_root.set(root)
    try:
        yield
    finally:
        _grading_root.reset(token)


def load_parent_split(
    split: str, profile: str, root: Path | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """Images and labels of `split` for the parent (the held-out split included)."""
    return load_split(split, profile, DEFAULT_PACKAGE_DATA, data_root(root), data_cache_dir())


def lenet_shapes() -> dict[str, tuple[int, ...]]:
    """Every state_dict key of LeNet with its shape."""
    return {key: tuple(value.shape) for key, value in lenet().state_dict().items()}


def load_lenet(state_dict: Mapping[str, torch.Tensor], build: NetBuilder = lenet) -> nn.Module:
    """A LeNet (or `build()`'s net) on the CPU holding `state_dict` (strict: every key, every shape), in eval mode."""
    net = build()
    net.load_state_dict(
        {key: value.detach().to("cpu", torch.float32) for key, value in state_dict.items()}
    )
    return net.eval()


def accuracy_on(
    net: Callable[[torch.Tensor], torch.Tensor], images: torch.Tensor, labels: torch.Tensor
) -> float:
    """Fraction of (images, labels) that `net` (a module or any function of a batch) classifies correctly."""
    correct = 0
    with torch.no_grad():
        for X, y in FashionBatches(images, labels, EVAL_BATCH_SIZE, shuffle=False):
            correct += int((net(X).argmax(dim=1) == y).sum())
    return correct / len(labels)


def mean_loss_on(
    net: Callable[[torch.Tensor], torch.Tensor], images: torch.Tensor, labels: torch.Tensor
) -> float:
    """Mean cross-entropy of `net`'s logits (a module or any function of a batch) over (images, labels)."""
    total = 0.0
    with torch.no_grad():
        for X, y in FashionBatches(images, labels, EVAL_BATCH_SIZE, shuffle=False):
            total += float(nn.functional.cross_entropy(net(X), y, reduction="sum"))
    return total / len(labels)


def heldout_accuracy(
    state_dict: Mapping[str, torch.Tensor],
    profile: str,
    root: Path | None = None,
    build: NetBuilder = lenet,
) -> float:
    """Accuracy of a trained LeNet (or `build()` net) state_dict on the profile's held-out images."""
    return accuracy_on(load_lenet(state_dict, build), *load_parent_split("heldout", profile, root))


def training_loss(
    state_dict: Mapping[str, torch.Tensor],
    profile: str,
    root: Path | None = None,
    build: NetBuilder = lenet,
) -> float:
    """Mean cross-entropy of a trained LeNet (or `build()` net) state_dict on the profile's training images."""
    return mean_loss_on(load_lenet(state_dict, build), *load_parent_split("train", profile, root))

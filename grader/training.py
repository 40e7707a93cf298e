"""Trusted-parent side of the training exercises: profiles, LeNet, data, and scoring a returned state_dict.

A training submission returns only its trained `state_dict`; the parent loads it into its own
LeNet (the same `dlprep_common.lenet` the child builds) and measures accuracy on the held-out split, which the
submission's iterators never yield, and the mean training loss. Everything here runs in the
trusted process; torch is imported only by the callers that need it (never by the TUI).

The full profile's root is found through `data_root()`: an explicit argument, else the root of
the grading in progress (`Grader(data_root=...)` sets it around the hidden tests with
`grading_data_root`, so `dlprep grade --data-dir D` reaches them), else $DLPREP_DATA.
"""

from __future__ import annotations

import contextlib
import math
import secrets
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from pathlib import Path

import torch
from torch import nn

from dlprep.env import DATA_ENV, env_path
from dlprep.grader.launcher import PACKAGE_DATA
from dlprep.grader.profiles import (  # re-exported: hidden tests use training.get_profile
    PROFILES as PROFILES,
)
from dlprep.grader.profiles import SOFTMAX_PROFILES as SOFTMAX_PROFILES
from dlprep.grader.profiles import Profile as Profile
from dlprep.grader.profiles import get_profile as get_profile
from dlprep.grader.sandbox_data import data_cache_dir
from dlprep.grader.sandbox_lib.dlprep_common.fashion import (
    CLASSES,
    FashionBatches,
    load_split,
    relabel_labels,
)
from dlprep.grader.sandbox_lib.dlprep_common.lenet import lenet
from dlprep.grader.sandbox_lib.dlprep_common.lenet import (
    softmax_regression as softmax_regression,  # re-exported: the net train_ch3's tests score
)

CHANCE_LOSS = math.log(10)  # cross-entropy of a uniform guess over the 10 classes
EVAL_BATCH_SIZE = 1024
INIT_LAYERS = ("7.weight", "9.weight")  # LeNet's hidden Linear layers: most weights, move least
MIN_INIT_CORRELATION = 0.3  # trained from the grading's init: 0.74-0.82 (quick); elsewhere: ~0

_grading_root: ContextVar[Path | None] = ContextVar("dlprep_grading_data_root", default=None)


NetBuilder = Callable[[], nn.Module]


def data_root(explicit: Path | None = None) -> Path | None:
    """The full FashionMNIST root: `explicit`, else the current grading's, else $DLPREP_DATA, else None."""
    if explicit is not None:
        return explicit
    grading = _grading_root.get()
    if grading is not None:
        return grading
    return env_path(DATA_ENV)


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
    return load_split(split, profile, PACKAGE_DATA, data_root(root), data_cache_dir())


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
    relabel: list[int] | None = None,
    build: NetBuilder = lenet,
) -> float:
    """Accuracy of a trained LeNet (or `build()` net) state_dict on the profile's held-out images (relabelled)."""
    images, labels = load_parent_split("heldout", profile, root)
    return accuracy_on(load_lenet(state_dict, build), images, relabelled(labels, relabel))


def training_loss(
    state_dict: Mapping[str, torch.Tensor],
    profile: str,
    root: Path | None = None,
    relabel: list[int] | None = None,
    build: NetBuilder = lenet,
) -> float:
    """Mean cross-entropy of a trained LeNet (or `build()` net) state_dict on the training images (relabelled)."""
    images, labels = load_parent_split("train", profile, root)
    return mean_loss_on(load_lenet(state_dict, build), images, relabelled(labels, relabel))


def secret_relabelling() -> list[int]:
    """A fresh secret renaming of the 10 classes with no class keeping its number (a derangement).

    A grading trains on labels renamed this way and scores under the same renaming, so a net
    trained in advance (weights shipped inside the submission) is scored against labels it has
    never seen and lands near or below chance; only training on this grading's data scores.
    """
    chooser = secrets.SystemRandom()
    while True:
        order = list(range(CLASSES))
        chooser.shuffle(order)
        if all(order[label] != label for label in range(CLASSES)):
            return order


def secret_seed() -> int:
    """A fresh secret seed for a grading's training call, so its init cannot be known in advance.

    The child runs `torch.manual_seed(seed)` before the learner's code, so the learner's
    `net.apply(init_weights)` draws an init nobody could train from offline; the parent
    recomputes that init (`xavier_init`) and checks that the weights grew out of it. Not used
    by train_ch6's hidden tests yet: its bands were measured on seeds 0-4, and under random
    seeds the reference once fell below its band; re-measure the bands first.
    """
    return secrets.randbelow(2**31)


def xavier_init(shapes: Mapping[str, tuple[int, ...]], seed: int) -> dict[str, torch.Tensor]:
    """The weights d2l's `net.apply(init_weights)` draws right after `torch.manual_seed(seed)`.

    `xavier_uniform_` on each `*.weight` of `shapes` (a state_dict's layout, in module order)
    with a private generator of that seed: the same draws as the child's global generator,
    without touching the parent's.
    """
    generator = torch.Generator().manual_seed(seed)
    init: dict[str, torch.Tensor] = {}
    for key, shape in shapes.items():
        if key.endswith(".weight") and len(shape) >= 2:
            init[key] = nn.init.xavier_uniform_(torch.empty(shape), generator=generator)
    return init


def init_correlation(
    state_dict: Mapping[str, torch.Tensor],
    init: Mapping[str, torch.Tensor],
    keys: tuple[str, ...] = INIT_LAYERS,
) -> float:
    """Pearson correlation between the trained and the initial weights of `keys`, taken together.

    Training by SGD moves LeNet's two hidden Linear layers (58,000 of its 62,000 weights) but
    keeps them clearly correlated with where they started (0.74-0.82 after the quick profile's
    15 epochs, measured); weights trained elsewhere, from another init, are uncorrelated (~0).
    """
    trained = torch.cat([state_dict[key].detach().flatten().double() for key in keys])
    start = torch.cat([init[key].flatten().double() for key in keys])
    trained, start = trained - trained.mean(), start - start.mean()
    denominator = float(trained.norm() * start.norm())
    return float(trained @ start) / denominator if denominator > 0 else 0.0


def relabelled(labels: torch.Tensor, relabel: list[int] | None) -> torch.Tensor:
    """`labels` renamed by `relabel` (None: unchanged), as the child's `fashion_iter` renames them."""
    return labels if relabel is None else relabel_labels(labels, relabel)

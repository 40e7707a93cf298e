"""The exercises' builders: what `Build("lenet")`, `Build("fashion_iter", ...)`, `Build("device")` become.

Registered into `build.BUILDERS` on import (the zygote imports this module before any
submission runs). The trusted parent imports the same functions to build the network it
loads a returned state_dict into from `dlprep_common`, so parent and child agree on LeNet's layout.
"""

from __future__ import annotations

from pathlib import Path

import torch
from dlprep_common.fashion import FashionBatches, load_split, relabel_labels
from dlprep_common.lenet import best_device
from dlprep_common.lenet import lenet as common_lenet
from torch import nn

from .build import data_paths, register_builder

# grader/data, found next to this library when the launcher did not say where it is mounted.
DEFAULT_PACKAGE_DATA = Path(__file__).resolve().parents[2] / "data"


@register_builder("lenet")
def lenet() -> nn.Sequential:
    """d2l's LeNet-5 (`dlprep_common.lenet`, the network the parent scores with)."""
    return common_lenet()


@register_builder("fashion_iter")
def fashion_iter(
    split: str,
    profile: str,
    batch_size: int,
    limit: int | None = None,
    resize: int | None = None,
    relabel: list[int] | None = None,
) -> FashionBatches:
    """Minibatches of the `train` (shuffled) or `test` split of `profile`; `limit` keeps the first N images.

    `relabel` (a permutation of the class numbers, chosen secretly by the parent per grading)
    renames every label y to relabel[y], so only a net trained on these batches scores well.
    """
    if split == "heldout":
        raise ValueError("the held-out split is scored by the grader only")
    images, labels = load_split(split, profile, package_data_dir(), data_paths().data_root)
    if limit is not None:
        images, labels = images[:limit], labels[:limit]
    if relabel is not None:
        labels = relabel_labels(labels, relabel)
    return FashionBatches(images, labels, batch_size, shuffle=split == "train", resize=resize)


@register_builder("device")
def device() -> torch.device:
    """The device a training exercise should use: the first GPU when there is one, else the CPU."""
    return best_device()


@register_builder("to_device")
def to_device(tensor: torch.Tensor) -> torch.Tensor:
    """`tensor` moved to `device()`: how a test hands a CUDA input to a function exercise."""
    return tensor.to(device())


def package_data_dir() -> Path:
    """Where the shipped quick subset is: the launcher's mount, else grader/data beside this library."""
    return data_paths().package_data or DEFAULT_PACKAGE_DATA

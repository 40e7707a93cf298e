"""FashionMNIST minibatches: a torchvision DataLoader with ToTensor() vs dlprep's tensor + randperm batches.

For each loader it measures one pass of iteration alone and one epoch of d2l's LeNet training
(SGD lr 0.9, batch 256, cross-entropy) on the same images, and prints examples per second and
the speed-up. The data is a torchvision-style root (default ../shared/datasets), uncompressed
into a temporary cache.

    python benchmarks/fashion_data.py [--root DIR] [--images N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader, Subset
from torchvision import transforms
from torchvision.datasets import FashionMNIST

from dlprep.grader.sandbox_lib.dlprep_child.builders import lenet
from dlprep.grader.sandbox_lib.dlprep_child.fashion import FashionBatches, uncompressed_root

BATCH_SIZE = 256
DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "shared" / "datasets"


def iterate(batches: Iterable[tuple[torch.Tensor, torch.Tensor]]) -> float:
    """Seconds for one pass over `batches`, touching every batch."""
    started = time.perf_counter()
    for X, y in batches:
        X.sum(), y.sum()
    return time.perf_counter() - started


def train_epoch(batches: Iterable[tuple[torch.Tensor, torch.Tensor]]) -> float:
    """Seconds for one epoch of d2l's LeNet training over `batches`."""
    torch.manual_seed(0)
    net = lenet()
    optimizer = torch.optim.SGD(net.parameters(), lr=0.9)
    loss = nn.CrossEntropyLoss()
    started = time.perf_counter()
    for X, y in batches:
        optimizer.zero_grad()
        loss(net(X), y).backward()
        optimizer.step()
    return time.perf_counter() - started


def loaders(root: Path, images: int) -> dict[str, Iterable[tuple[torch.Tensor, torch.Tensor]]]:
    dataset = FashionMNIST(str(root), train=True, transform=transforms.ToTensor(), download=False)
    subset = Subset(dataset, range(images))
    return {
        "DataLoader + ToTensor": DataLoader(subset, BATCH_SIZE, shuffle=True, num_workers=0),
        "tensor + randperm": FashionBatches(
            dataset.data[:images], dataset.targets[:images], BATCH_SIZE, shuffle=True
        ),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--root",
        type=Path,
        default=DEFAULT_ROOT,
        help=f"FashionMNIST root (default {DEFAULT_ROOT})",
    )
    parser.add_argument(
        "--images", type=int, default=12_000, help="training images used (default 12000)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dlprep-bench-") as cache:
        root = uncompressed_root(args.root, Path(cache))
        results = {}
        for name, batches in loaders(root, args.images).items():
            results[name] = (args.images / iterate(batches), args.images / train_epoch(batches))
            print(
                f"{name:22} iterate {results[name][0]:9.0f} examples/s   "
                f"LeNet epoch {results[name][1]:7.0f} examples/s"
            )
    slow, fast = results["DataLoader + ToTensor"], results["tensor + randperm"]
    print(
        f"{'speed-up':22} iterate {fast[0] / slow[0]:8.1f}x            LeNet epoch {fast[1] / slow[1]:6.1f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Rebuild the FashionMNIST subset shipped for the `quick` profile (grader/data/*.npz).

    python -m dlprep.grader.quick_data --source ../shared/datasets [--out grader/data]

`--source` is a torchvision-style root (`FashionMNIST/raw/`, gzipped or not). The subset is
the first 12,000 training images (`train`), test images 0-999 (`test`, handed to the
submission) and test images 5,000-6,999 (`heldout`, scored by the parent only, the same
images as the start of the full profile's held-out half). Written as compressed uint8 .npz,
about 6 MB in all.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch

from dlprep.grader.launcher import PACKAGE_DATA
from dlprep.grader.sandbox_lib.dlprep_common.fashion import (
    QUICK_FILE,
    QUICK_HELDOUT_FILE,
    DataUnavailable,
    torchvision_split,
)

TRAIN_SIZE = 12_000
TEST_RANGE = (0, 1_000)
HELDOUT_RANGE = (5_000, 7_000)


def build_subset(source: Path, out_dir: Path, cache_dir: Path) -> dict[str, int]:
    """Write the two .npz files of the quick subset into `out_dir`; returns each split's size."""
    train_images, train_labels = torchvision_split(source, train=True, cache_dir=cache_dir)
    test_images, test_labels = torchvision_split(source, train=False, cache_dir=cache_dir)
    splits = {
        "train": (train_images[:TRAIN_SIZE], train_labels[:TRAIN_SIZE]),
        "test": (test_images[slice(*TEST_RANGE)], test_labels[slice(*TEST_RANGE)]),
        "heldout": (test_images[slice(*HELDOUT_RANGE)], test_labels[slice(*HELDOUT_RANGE)]),
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    _save(out_dir / QUICK_FILE, {name: splits[name] for name in ("train", "test")})
    _save(out_dir / QUICK_HELDOUT_FILE, {"heldout": splits["heldout"]})
    return {name: len(labels) for name, (_, labels) in splits.items()}


def _save(path: Path, splits: dict[str, tuple[torch.Tensor, torch.Tensor]]) -> None:
    arrays: dict[str, np.ndarray] = {}
    for name, (images, labels) in splits.items():
        arrays[f"{name}_images"] = images.numpy().astype(np.uint8)
        arrays[f"{name}_labels"] = labels.numpy().astype(np.uint8)
    np.savez_compressed(path, allow_pickle=False, **arrays)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--source", type=Path, required=True, help="torchvision-style FashionMNIST root"
    )
    parser.add_argument(
        "--out", type=Path, default=PACKAGE_DATA, help=f"output directory (default {PACKAGE_DATA})"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dlprep-quick-data-") as cache:
        try:
            sizes = build_subset(args.source, args.out, Path(cache))
        except DataUnavailable as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    for path in (args.out / QUICK_FILE, args.out / QUICK_HELDOUT_FILE):
        print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
    print(", ".join(f"{name}: {size}" for name, size in sizes.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

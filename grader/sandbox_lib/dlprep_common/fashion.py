"""FashionMNIST as uint8 tensors and a fast minibatch iterator, for the sandbox and the trusted parent.

Two sources, never a download:

* the `quick` subset shipped in `grader/data/` (`fashion_quick.npz`: train and test images the
  submission trains and evaluates on; `fashion_quick_heldout.npz`: images only the parent
  scores with), rebuilt by `python -m dlprep.grader.quick_data`;
* the `full` dataset from a torchvision-style root (`<root>/FashionMNIST/raw/`, gzipped or
  not), read through `torchvision.datasets.FashionMNIST`. Gzipped files are uncompressed
  into a cache directory first, never next to the originals (the root may be read-only);
* in the bubblewrap sandbox, the full profile's view instead: a directory holding only
  `fashion_full.npz` (train and test, uncompressed uint8), made by the trusted parent
  (`dlprep.grader.sandbox_data`) so the held-out images never enter the sandbox.

Splits: `train` (what train_ch6 trains on), `test` (the `test_iter` it may evaluate on) and
`heldout` (what the parent scores the trained net on). In the full profile `train` is the
60,000 training images and the 10,000 test images are cut in two: `test` and `heldout`.

`FashionBatches` keeps a split as one uint8 tensor and yields float batches in [0, 1] of
shape (B, 1, 28, 28) with int64 labels, shuffled by `torch.randperm` (the global generator,
so `torch.manual_seed` makes a run repeatable) — the same values a torchvision DataLoader
with `ToTensor()` gives, several times faster. Only relative imports (see `__init__`).
"""

from __future__ import annotations

import gzip
import hashlib
import math
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import torch
from torch.nn import functional as F

from .datafiles import FULL_TEST_SIZE, FULL_VIEW_FILE, QUICK_FILE, QUICK_HELDOUT_FILE, RAW_NAMES

PROFILES = ("quick", "full")
SPLITS = ("train", "test", "heldout")
IMAGE_SIZE = 28


# Called with the pass count after each shuffled pass over training data (an epoch). The child
# sets it to `dlprep_child.progress.report`; the parent leaves it None (this module is shared).
on_pass: Callable[[int], None] | None = None


class DataUnavailable(FileNotFoundError):
    """The data a profile needs is not where it should be (the message says what to pass)."""


class FashionBatches:
    """Minibatches of one FashionMNIST split: `len()` batches per pass, the last possibly smaller."""

    def __init__(
        self,
        images: torch.Tensor,
        labels: torch.Tensor,
        batch_size: int,
        shuffle: bool,
        resize: int | None = None,
    ) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        self.images = images
        self.labels = labels
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.resize = resize
        self.passes = 0

    def __len__(self) -> int:
        return math.ceil(len(self.labels) / self.batch_size)

    def __iter__(self) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        count = len(self.labels)
        order = torch.randperm(count) if self.shuffle else torch.arange(count)
        for start in range(0, count, self.batch_size):
            index = order[start : start + self.batch_size]
            yield self._pixels(self.images[index]), self.labels[index]
        if self.shuffle:  # a pass over training data: one epoch done
            self.passes += 1
            if on_pass is not None:
                on_pass(self.passes)

    def _pixels(self, images: torch.Tensor) -> torch.Tensor:
        batch = images.unsqueeze(1).to(torch.float32).div_(255)
        if self.resize is not None and self.resize != IMAGE_SIZE:
            batch = F.interpolate(
                batch,
                size=(self.resize, self.resize),
                mode="bilinear",
                antialias=True,
                align_corners=False,
            )
        return batch


CLASSES = 10


def relabel_labels(labels: torch.Tensor, relabel: list[int]) -> torch.Tensor:
    """Every label y renamed relabel[y]; `relabel` must be a permutation of 0 .. 9."""
    if sorted(relabel) != list(range(CLASSES)):
        raise ValueError(f"relabel must be a permutation of 0..{CLASSES - 1}")
    return torch.tensor(relabel, dtype=torch.int64)[labels]


def load_split(
    split: str,
    profile: str,
    package_data: Path | None,
    data_root: Path | None,
    cache_dir: Path | None = None,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Images (N, 28, 28) uint8 and labels (N,) int64 of `split` in `profile`."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r} (expected one of {', '.join(SPLITS)})")
    if profile == "quick":
        return _quick_split(split, package_data)
    if profile == "full":
        return _full_split(split, data_root, cache_dir)
    raise ValueError(f"unknown profile {profile!r} (expected one of {', '.join(PROFILES)})")


def read_npz(path: Path, prefix: str) -> tuple[torch.Tensor, torch.Tensor]:
    """`<prefix>_images` and `<prefix>_labels` of an .npz file, as uint8 / int64 tensors."""
    with np.load(path, allow_pickle=False) as arrays:
        images = torch.from_numpy(arrays[f"{prefix}_images"].astype(np.uint8, copy=False))
        labels = torch.from_numpy(arrays[f"{prefix}_labels"].astype(np.int64))
    return images, labels


def torchvision_split(
    root: Path, train: bool, cache_dir: Path | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """One of torchvision's two FashionMNIST splits, read from a torchvision-style `root`."""
    from torchvision.datasets import FashionMNIST

    dataset = FashionMNIST(str(uncompressed_root(root, cache_dir)), train=train, download=False)
    return dataset.data, dataset.targets.to(torch.int64)


def uncompressed_root(root: Path, cache_dir: Path | None = None) -> Path:
    """A root whose `FashionMNIST/raw/` holds the four uncompressed IDX files torchvision reads.

    `root` itself when it already does; otherwise the gzipped files of `root` are uncompressed
    once into a sub-directory of `cache_dir` (default: under the system temp dir) named after
    the files' path, size and time, and that sub-directory is returned.
    """
    raw = Path(root) / "FashionMNIST" / "raw"
    if all((raw / name).is_file() for name in RAW_NAMES):
        return Path(root)
    gzipped = [raw / f"{name}.gz" for name in RAW_NAMES]
    missing = [path.name for path in gzipped if not path.is_file()]
    if missing:
        raise DataUnavailable(
            f"{raw} lacks {', '.join(missing)}: pass a torchvision-style "
            "FashionMNIST root with --data-dir or DLPREP_DATA"
        )
    base = Path(cache_dir or Path(tempfile.gettempdir()) / "dlprep-fashion-mnist")
    cache_root = base / _fingerprint(gzipped)
    cache_raw = cache_root / "FashionMNIST" / "raw"
    cache_raw.mkdir(parents=True, exist_ok=True)
    for source, name in zip(gzipped, RAW_NAMES, strict=False):
        _gunzip(source, cache_raw / name)
    return cache_root


def _fingerprint(paths: list[Path]) -> str:
    """Names a cache entry after the files it was made from, so another root never reuses it."""
    digest = hashlib.sha256()
    for path in paths:
        stat = path.stat()
        digest.update(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def _gunzip(source: Path, target: Path) -> None:
    """Uncompress `source` to `target` unless done before (written under a temporary name first)."""
    if target.is_file():
        return
    partial = target.with_name(f"{target.name}.partial")
    with gzip.open(source, "rb") as compressed, open(partial, "wb") as plain:
        shutil.copyfileobj(compressed, plain)
    partial.replace(target)


def _quick_split(split: str, package_data: Path | None) -> tuple[torch.Tensor, torch.Tensor]:
    if package_data is None:
        raise DataUnavailable("the quick profile needs the package's data directory (grader/data)")
    name = QUICK_HELDOUT_FILE if split == "heldout" else QUICK_FILE
    path = package_data / name
    if not path.is_file():
        raise DataUnavailable(
            f"{path} is missing: rebuild it with `python -m dlprep.grader.quick_data`"
        )
    return read_npz(path, split)


def _full_split(
    split: str, data_root: Path | None, cache_dir: Path | None
) -> tuple[torch.Tensor, torch.Tensor]:
    if data_root is None:
        raise DataUnavailable(
            "the full profile needs FashionMNIST: pass --data-dir DIR or set "
            "DLPREP_DATA to a torchvision-style root"
        )
    view = Path(data_root) / FULL_VIEW_FILE
    if view.is_file():  # the sandbox's view: train and test only
        if split == "heldout":
            raise DataUnavailable(
                "the held-out images are scored by the grader and are not in the sandbox"
            )
        return read_npz(view, split)
    if split == "train":
        return torchvision_split(data_root, train=True, cache_dir=cache_dir)
    images, labels = torchvision_split(data_root, train=False, cache_dir=cache_dir)
    part = slice(None, FULL_TEST_SIZE) if split == "test" else slice(FULL_TEST_SIZE, None)
    return images[part], labels[part]

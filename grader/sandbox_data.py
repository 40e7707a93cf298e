"""The full profile's FashionMNIST as the sandbox sees it: the training images and the `test` half, never held out.

The trusted parent scores a training submission on the second half of torchvision's t10k
images (`heldout`), so that half must never be readable inside the sandbox. Bind-mounting the
torchvision root would expose it; instead the parent materialises, once per dataset, one
uncompressed `.npz` of uint8 arrays `train_images`, `train_labels` (all 60,000) and
`test_images`, `test_labels` (t10k[:5000]):

    <cache>/fashion-mnist/sandbox-<hash>/fashion_full.npz   (about 51 MB)

`<cache>` is `$DLPREP_HOME/cache` or the user cache dir; `<hash>` is the SHA-256 of the four
source files' contents, so changed data gets a fresh view. The sandbox binds only that file.
No torch here (numpy is imported only to build a view): the launcher runs before torch is
imported.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import struct
from pathlib import Path
from typing import TYPE_CHECKING

from dlprep import paths
from dlprep.grader.errors import InputError
from dlprep.grader.sandbox_lib.dlprep_common.datafiles import (
    FULL_TEST_SIZE,
    FULL_VIEW_FILE,
    RAW_NAMES,
)

if TYPE_CHECKING:
    import numpy as np

VIEW_FORMAT = "fashion-full-view 1"  # part of the hash: change it when the view's layout changes
IDX_UBYTE = 0x08
IMAGE_SHAPE = (28, 28)
CHUNK = 1 << 20

# Views already checked by this process, keyed by the cache dir and the sources' path, size and time.
_known_views: dict[tuple[object, ...], Path] = {}


class DataRootError(InputError):
    """The data directory is not a torchvision-style FashionMNIST root, or its files are damaged."""


def data_cache_dir() -> Path:
    """Where the parent keeps FashionMNIST derivatives: $DLPREP_HOME/cache or the user cache dir."""
    return paths.cache_dir() / "fashion-mnist"


def source_files(root: Path) -> list[Path]:
    """The four raw files of `root/FashionMNIST/raw/` (each uncompressed if present, else gzipped)."""
    raw = Path(root) / "FashionMNIST" / "raw"
    found: list[Path] = []
    missing: list[str] = []
    for name in RAW_NAMES:
        plain, gzipped = raw / name, raw / f"{name}.gz"
        if plain.is_file() or gzipped.is_file():
            found.append(plain if plain.is_file() else gzipped)
        else:
            missing.append(f"{name}.gz")
    if missing:
        raise DataRootError(
            f"{root}: not a torchvision-style FashionMNIST root ({raw} lacks {', '.join(missing)})"
        )
    return found


def sandbox_view(root: Path, cache: Path | None = None) -> Path:
    """The `.npz` the sandbox may read for the full profile made from `root`, built on first use."""
    sources = source_files(root)
    base = Path(cache) if cache is not None else data_cache_dir()
    key = (str(base), *(_stat_key(path) for path in sources))
    known = _known_views.get(key)
    if known is not None and known.is_file():
        return known
    view = base / f"sandbox-{fingerprint(sources)}" / FULL_VIEW_FILE
    if not view.is_file():
        _write_view(sources, view)
    _known_views[key] = view
    return view


def fingerprint(sources: list[Path]) -> str:
    """SHA-256 of the view's format and the sources' names and contents."""
    digest = hashlib.sha256(f"{VIEW_FORMAT}|{FULL_TEST_SIZE}\n".encode())
    for path in sources:
        digest.update(f"{path.name}\n".encode())
        try:
            with open(path, "rb") as file:
                while chunk := file.read(CHUNK):
                    digest.update(chunk)
        except OSError as error:
            raise DataRootError(f"{path}: cannot read: {error.strerror}") from None
    return digest.hexdigest()[:32]


def read_idx(path: Path) -> np.ndarray:
    """An IDX file of unsigned bytes (gzipped when named *.gz) as a uint8 array of its dimensions."""
    import numpy as np

    try:
        with gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb") as file:
            data = file.read()
    except (OSError, EOFError) as error:
        raise DataRootError(f"{path}: cannot read: {error}") from None
    if len(data) < 4 or data[:2] != b"\0\0" or data[2] != IDX_UBYTE or data[3] == 0:
        raise DataRootError(f"{path}: not an IDX file of unsigned bytes")
    ndim = data[3]
    dims = struct.unpack(f">{ndim}I", data[4 : 4 + 4 * ndim]) if len(data) >= 4 + 4 * ndim else ()
    payload = memoryview(data)[4 + 4 * ndim :]
    if len(dims) != ndim or len(payload) != int(np.prod(dims)):
        raise DataRootError(f"{path}: truncated IDX file")
    return np.frombuffer(payload, dtype=np.uint8).reshape(dims)


def _write_view(sources: list[Path], view: Path) -> None:
    """Write the train split and the test half to `view` (world-readable, atomically)."""
    import numpy as np

    train_images, train_labels, test_images, test_labels = (read_idx(path) for path in sources)
    _check_split(sources[0], train_images, train_labels)
    _check_split(sources[2], test_images, test_labels)
    view.parent.mkdir(parents=True, exist_ok=True)
    partial = view.with_name(f".{view.name}.{os.getpid()}.partial")
    try:
        with open(partial, "wb") as file:
            np.savez(
                file,
                train_images=train_images,
                train_labels=train_labels,
                test_images=test_images[:FULL_TEST_SIZE],
                test_labels=test_labels[:FULL_TEST_SIZE],
            )
        partial.chmod(0o644)  # children may run as an unprivileged uid
        os.replace(partial, view)
    finally:
        partial.unlink(missing_ok=True)


def _check_split(path: Path, images: np.ndarray, labels: np.ndarray) -> None:
    if images.ndim != 3 or images.shape[1:] != IMAGE_SHAPE or labels.shape != images.shape[:1]:
        raise DataRootError(
            f"{path}: expected N 28x28 images and N labels, got shapes "
            f"{tuple(images.shape)} and {tuple(labels.shape)}"
        )


def _stat_key(path: Path) -> tuple[str, int, int, int]:
    stat = path.stat()
    return str(path.resolve()), stat.st_ino, stat.st_size, stat.st_mtime_ns

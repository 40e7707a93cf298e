"""Builder registry: how a `Build(name, **params)` spec sent by the parent becomes an object in the child.

Hidden tests cannot send objects such as a network or a data iterator (only plain data
crosses), so they send `Build("lenet")` and the child materialises it by calling the builder
registered under that name with the spec's params. Exercise authors register builders in
`dlprep_child/builders.py`:

    from dlprep_child.build import register_builder, data_paths

    @register_builder("lenet")
    def lenet() -> nn.Module: ...

Builders run inside the sandbox, before the learner's function is called. Data they need is
read-only under `data_paths()`.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

Builder = Callable[..., object]
BuilderT = TypeVar("BuilderT", bound=Builder)

BUILDERS: dict[str, Builder] = {}

# The quick profile's FashionMNIST files in the package data: what the submission may read,
# and the held-out images only the trusted parent scores on (never mounted into the sandbox).
QUICK_FILE = "fashion_quick.npz"
QUICK_HELDOUT_FILE = "fashion_quick_heldout.npz"

# The full profile: torchvision's four raw files, and the sandbox's view of them that the trusted
# parent materialises (train and the `test` half of t10k, never the held-out half).
RAW_NAMES = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)
FULL_TEST_SIZE = 5_000  # t10k[:5000] is `test`, t10k[5000:] is `heldout`
FULL_VIEW_FILE = "fashion_full.npz"

# Environment variables the sandbox launcher sets to the read-only data locations.
PACKAGE_DATA_ENV = "DLPREP_PACKAGE_DATA"
DATA_ROOT_ENV = "DLPREP_DATA"


class UnknownBuild(LookupError):
    """A `Build` named a builder that no module registered."""


@dataclass(frozen=True)
class DataPaths:
    """Read-only data visible in the sandbox: the package's subset, and the full dataset root."""

    package_data: Path | None
    data_root: Path | None


def register_builder(name: str) -> Callable[[BuilderT], BuilderT]:
    """Decorator: register `function` as the builder for `Build(name, ...)` (its type is kept)."""

    def decorator(function: BuilderT) -> BuilderT:
        BUILDERS[name] = function
        return function

    return decorator


def materialise(name: str, params: dict[str, object]) -> object:
    """Call the builder registered under `name` with `params`."""
    try:
        builder = BUILDERS[name]
    except KeyError:
        known = ", ".join(sorted(BUILDERS)) or "none"
        raise UnknownBuild(f"no builder named {name!r} (registered: {known})") from None
    return builder(**params)


def data_paths() -> DataPaths:
    """Where the grader mounted the data (None when not provided)."""
    return DataPaths(_env_path(PACKAGE_DATA_ENV), _env_path(DATA_ROOT_ENV))


def load_exercise_builders() -> None:
    """Import `dlprep_child.builders` (the exercises' builders) when it exists."""
    try:
        importlib.import_module(f"{__package__}.builders")
    except ModuleNotFoundError as error:
        if error.name != f"{__package__}.builders":
            raise


def _env_path(variable: str) -> Path | None:
    value = os.environ.get(variable)
    return Path(value) if value else None

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

# Data-file names and environment variables are shared with the trusted parent: one definition.
from dlprep_common.datafiles import (  # noqa: F401 - re-exported for builders and d2l
    DATA_ROOT_ENV,
    DEVICE_ENV,
    FULL_TEST_SIZE,
    FULL_VIEW_FILE,
    PACKAGE_DATA_ENV,
    QUICK_FILE,
    QUICK_HELDOUT_FILE,
    RAW_NAMES,
)

Builder = Callable[..., object]
_B = TypeVar("_B", bound=Builder)  # the decorator keeps the builder's own signature

BUILDERS: dict[str, Builder] = {}


class UnknownBuild(LookupError):
    """A `Build` named a builder that no module registered."""


@dataclass(frozen=True)
class DataPaths:
    """Read-only data visible in the sandbox: the package's subset, and the full dataset root."""

    package_data: Path | None
    data_root: Path | None


def register_builder(name: str) -> Callable[[_B], _B]:
    """Decorator: register `function` as the builder for `Build(name, ...)`."""

    def decorator(function: _B) -> _B:
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


# Read once, when the zygote imports this module: a submission changing os.environ later
# cannot move its own grading to another device.
_GRADING_DEVICE = os.environ.get(DEVICE_ENV, "")


def grading_device() -> str:
    """The device the parent grades on ("cpu" or "cuda"), "" when the launcher did not say."""
    return _GRADING_DEVICE


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

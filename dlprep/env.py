"""Every environment variable the trusted side of dlprep reads, named once.

Set by the learner or instructor:
  DLPREP_HOME       where progress, settings and caches live (dlprep/paths.py)
  DLPREP_DATA       a torchvision-style FashionMNIST root for the full profile (grader)
  DLPREP_EXERCISES  extra exercise directories, os.pathsep-separated (exercises/registry.py)
  DLPREP_SANDBOX    "degraded" forces grading under rlimits only, without bubblewrap

The launcher also sets DLPREP_PACKAGE_DATA and DLPREP_DATA for the sandboxed child; the child
library names those itself (grader/sandbox_lib/dlprep_child/build.py), as it imports nothing of
dlprep.
"""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "DLPREP_HOME"
DATA_ENV = "DLPREP_DATA"
EXERCISES_ENV = "DLPREP_EXERCISES"
SANDBOX_ENV = "DLPREP_SANDBOX"


def env_path(name: str) -> Path | None:
    """The path in environment variable `name` (`~` expanded), or None when it is unset or empty."""
    value = os.environ.get(name)
    return Path(value).expanduser() if value else None


def env_paths(name: str) -> list[Path]:
    """The os.pathsep-separated paths in environment variable `name` (none when unset)."""
    return [Path(part).expanduser() for part in os.environ.get(name, "").split(os.pathsep) if part]

"""A submission as the grader receives it: one UTF-8 Python file, read once, hashed.

Reading problems are the user's input errors (exit status 2), reported with the path.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from dlprep.grader.caps import MIB
from dlprep.grader.errors import InputError

MAX_SOURCE_BYTES = MIB


@dataclass(frozen=True)
class Submission:
    """A learner's source as read once (bounded, UTF-8): the same text is sent to the sandbox
    and identified by its SHA-256, so what was graded is what was read, whatever changes after."""

    filename: str  # the base name, used in the learner's tracebacks
    source: str
    sha256: str

    @classmethod
    def from_text(cls, source: str, filename: str = "submission.py") -> Submission:
        return cls(filename, source, hashlib.sha256(source.encode("utf-8")).hexdigest())


def read_submission(path: Path) -> Submission:
    """Read and validate a submission file; raises InputError naming the file."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: not a regular file")
    data = path.read_bytes()
    if len(data) > MAX_SOURCE_BYTES:
        raise InputError(
            f"{path}: {len(data)} bytes, larger than the {MAX_SOURCE_BYTES}-byte limit"
        )
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            f"{path}:{line}: not valid UTF-8 (byte {error.start}: {error.reason})"
        ) from None
    if "\x00" in source:
        raise InputError(f"{path}: contains NUL bytes, not Python source")
    return Submission(_safe_name(path.name), source, hashlib.sha256(data).hexdigest())


def _safe_name(name: str) -> str:
    stem = "".join(
        character if character.isalnum() or character in "._-" else "_" for character in name
    )
    return stem if stem.endswith(".py") and not stem.startswith(".") else "submission.py"

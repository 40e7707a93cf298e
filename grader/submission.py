"""A submission as the grader receives it: one UTF-8 Python file, read once, hashed.

The file is input like any other byte of a submission: it is opened without following a
symbolic link (O_NOFOLLOW: a link to the reference solution is refused, not graded), its size
is checked on the open descriptor (fstat) before a byte is read, and it is read once; every
later use (the syntax-error quote included) uses this copy, never the path again.
Reading problems are the user's input errors (exit status 2), reported with the path.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
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
    data = _read_bounded(path)
    try:
        source = data.decode("utf-8-sig")  # editors on Windows may start the file with a BOM
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            f"{path}:{line}: not valid UTF-8 (byte {error.start}: {error.reason})"
        ) from None
    if "\x00" in source:
        raise InputError(f"{path}: contains NUL bytes, not Python source")
    return Submission(_safe_name(path.name), source, hashlib.sha256(data).hexdigest())


def _read_bounded(path: Path) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise InputError(f"{path}: is a symbolic link; submit the file itself") from None
        raise InputError(f"{path}: cannot open: {error.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{path}: not a regular file")
        if info.st_nlink > 1:  # a hard link may be the reference solution under another name
            raise InputError(f"{path}: has other hard links; submit a copy of the file itself")
        if info.st_size > MAX_SOURCE_BYTES:
            raise InputError(
                f"{path}: {info.st_size} bytes, larger than the {MAX_SOURCE_BYTES}-byte limit"
            )
        chunks, size = [], 0
        while size <= MAX_SOURCE_BYTES:  # the file may grow after fstat: read at most cap + 1
            chunk = os.read(fd, MAX_SOURCE_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from None
    finally:
        os.close(fd)
    if size > MAX_SOURCE_BYTES:
        raise InputError(f"{path}: larger than the {MAX_SOURCE_BYTES}-byte limit")
    return b"".join(chunks)


def _safe_name(name: str) -> str:
    stem = "".join(
        character if character.isalnum() or character in "._-" else "_" for character in name
    )
    return stem if stem.endswith(".py") and not stem.startswith(".") else "submission.py"

"""One dlprep window per store, advisory: a second one is told, not blocked or hung.

An flock on `<store>.lock`, held while the app runs; released by the kernel when the process
ends (also on kill -9), so a stale lock never stays behind. Both windows still work (SQLite
serialises their writes); the message says that drafts edited in both may overwrite each other.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


class InstanceLock:
    def __init__(self, descriptor: int) -> None:
        self._descriptor = descriptor

    @classmethod
    def acquire(cls, store_path: Path) -> InstanceLock | None:
        """The lock, or None when another dlprep holds it (or it cannot be made)."""
        if str(store_path) == ":memory:":
            return None
        try:
            descriptor = os.open(f"{store_path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(descriptor)
            return None
        return cls(descriptor)

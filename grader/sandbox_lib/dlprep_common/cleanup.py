"""Remove a directory tree a submission wrote, however deep, without recursion.

`shutil.rmtree` recurses once per level (Python 3.11): a 3000-deep tree raised RecursionError,
which neither `onerror` nor `ignore_errors` catches, and the zygote's cleanup took the next
submission down with it. This walks with one open directory at a time (down by name, up by
".."), never follows a symlink, and makes each directory writable before emptying it (a learner
may leave a 000 directory). The writer is dead when this runs, so the tree does not change.
"""

from __future__ import annotations

import contextlib
import os
import stat

DIRECTORY_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def remove_tree(path: str | os.PathLike[str]) -> None:
    """Delete `path` (a file, link or directory tree); nothing if it is gone already."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(info.st_mode):
        os.unlink(path)
        return
    with contextlib.suppress(OSError):
        os.chmod(path, 0o700)
    _empty(os.open(path, DIRECTORY_FLAGS))
    os.rmdir(path)


def _empty(top: int) -> None:
    """Empty the directory open as `top` (closed on return), depth first, iteratively."""
    names: list[str] = []  # the path from `top` down to `current`
    current = top
    try:
        while True:
            below = _unlink_files_find_directory(current)
            if below is not None:
                with contextlib.suppress(OSError):
                    os.chmod(below, 0o700, dir_fd=current)  # a directory: scandir did not follow
                child = os.open(below, DIRECTORY_FLAGS, dir_fd=current)
                os.close(current)
                current = child
                names.append(below)
                continue
            if not names:
                return
            parent = os.open("..", DIRECTORY_FLAGS, dir_fd=current)
            os.close(current)
            current = parent
            os.rmdir(names.pop(), dir_fd=current)
    finally:
        os.close(current)


def _unlink_files_find_directory(directory: int) -> str | None:
    """Unlink every non-directory entry; the name of one subdirectory, or None when none is left."""
    with os.scandir(directory) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                return entry.name
            os.unlink(entry.name, dir_fd=directory)
    return None

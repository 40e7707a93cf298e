"""The submissions of a batch: one entry per student, found in a directory.

A submission is a `.py` file in DIR (named after its stem), or a folder in DIR (named after the
folder) holding one `.py` file or a file named after the exercise's entry. An entry that is, or
whose folder holds, a symbolic link is refused (an extracted archive can carry a link to the
reference solution), and so is a `.py` entry that is not a regular file (a FIFO would block
the reader). Only dot-files (and `__pycache__`, `__MACOSX`) are skipped silently: `_name.py`
is a submission like any other. Names come from file names: they are cleaned (`sanitize.clean_name`)
before they reach a progress line, a report file name or the gradebook.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dlprep.grader.errors import InputError
from dlprep.grader.sanitize import clean_name, clean_text
from dlprep.grader.submission import Submission, read_submission

# Skipped silently besides dot-files: folders that tools, not students, leave in an export.
TOOL_FOLDERS = frozenset({"__pycache__", "__MACOSX"})
NOT_REGULAR = "refused: not a regular file"


@dataclass(frozen=True)
class Entry:
    """One student's submission: its name, its file (None when the folder had no usable one)."""

    name: str
    path: Path | None
    problem: str = ""

    def submission(self) -> Submission:
        """The source as read by the grader (InputError if it changed into something unusable)."""
        assert self.path is not None, "an entry with a problem has no submission"
        try:
            return read_submission(self.path)
        except InputError as error:
            raise InputError(_without_path(str(error), self.path)) from None


def discover(directory: Path, entry: str) -> list[Entry]:
    """The submissions in `directory`, sorted by name; folders without one usable file get a problem."""
    if not directory.is_dir():
        raise InputError(f"{directory}: not a directory of submissions")
    entries: dict[str, Entry] = {}
    for child in sorted(directory.iterdir()):
        if child.name.startswith(".") or child.name in TOOL_FOLDERS:
            continue
        name = clean_name(child.stem if child.suffix == ".py" else child.name)
        if child.is_symlink():
            _add(entries, Entry(name, None, "refused: the entry is a symbolic link"))
        elif child.suffix == ".py" and not child.is_file() and not child.is_dir():
            _add(entries, Entry(name, None, NOT_REGULAR))  # a FIFO, socket or device: never opened
        elif child.is_file() and child.suffix == ".py":
            _add(entries, _readable(Entry(name, child)))
        elif child.is_dir():
            _add(entries, _readable(_folder_entry(child, name, entry)))
    if not entries:
        raise InputError(f"{directory}: no submissions (.py files or folders) found")
    return list(entries.values())


def _folder_entry(folder: Path, name: str, entry: str) -> Entry:
    if any(path.is_symlink() for path in folder.rglob("*")):
        return Entry(name, None, "refused: the folder holds a symbolic link")
    files = sorted(path for path in folder.glob("*.py") if path.is_file())
    named = [path for path in files if path.stem == entry]
    if named:
        return Entry(name, named[0])
    if len(files) == 1:
        return Entry(name, files[0])
    found = ", ".join(clean_name(path.name) for path in files) or "no .py file"
    return Entry(name, None, f"expected one .py file or {entry}.py, found {found}")


def _readable(entry: Entry) -> Entry:
    """The entry, or the same with the reason its file cannot be graded (e.g. not UTF-8)."""
    if entry.path is None:
        return entry
    try:
        read_submission(entry.path)
    except InputError as error:
        return Entry(entry.name, None, clean_text(_without_path(str(error), entry.path), 300))
    return entry


def _without_path(message: str, path: Path) -> str:
    """An input error about a student's file, named by the entry rather than the host path."""
    return message.replace(str(path), clean_name(path.name))


def _add(entries: dict[str, Entry], entry: Entry) -> None:
    name, suffix = entry.name, 2
    while name in entries:
        name, suffix = f"{entry.name}-{suffix}", suffix + 1
    entries[name] = Entry(name, entry.path, entry.problem)

"""Red team 2: every entry that looks like a submission gets a row (batch_entries.discover).

A top-level FIFO `fifo.py` and any `_name.py` used to be skipped without a word; now the FIFO
is refused as "not a regular file" (never opened: it would block) and `_name.py` is graded.
"""

from __future__ import annotations

import os
from pathlib import Path

from dlprep.grader.batch_entries import NOT_REGULAR, discover

BODY = "def f(x):\n    return x\n"


def test_fifos_and_underscored_names_get_rows_dot_files_do_not(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.py")
    (tmp_path / "_name.py").write_text(BODY, encoding="utf-8")
    (tmp_path / "_folder").mkdir()
    (tmp_path / "_folder" / "f.py").write_text(BODY, encoding="utf-8")
    (tmp_path / ".hidden.py").write_text(BODY, encoding="utf-8")
    (tmp_path / "__pycache__").mkdir()
    rows = {entry.name: entry for entry in discover(tmp_path, "f")}
    assert sorted(rows) == ["_folder", "_name", "fifo"]
    assert rows["fifo"].path is None and rows["fifo"].problem == NOT_REGULAR
    assert rows["_name"].problem == "" and rows["_name"].submission().source == BODY
    assert rows["_folder"].problem == ""


def test_a_regular_file_is_still_graded(tmp_path: Path) -> None:  # control
    (tmp_path / "alice.py").write_text(BODY, encoding="utf-8")
    [entry] = discover(tmp_path, "f")
    assert (entry.name, entry.problem) == ("alice", "")

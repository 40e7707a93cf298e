"""Review r9, class 4: a hard link is not a submission; a BOM does not make a syntax error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dlprep.grader.errors import InputError
from dlprep.grader.submission import read_submission

SOURCE = "def double(x):\n    return x * 2\n"


def test_a_hard_link_is_refused(tmp_path: Path) -> None:
    original = tmp_path / "reference.py"
    original.write_text(SOURCE)
    os.link(original, tmp_path / "mine.py")
    for path in (tmp_path / "mine.py", original):
        with pytest.raises(InputError, match="hard links"):
            read_submission(path)


def test_a_file_that_was_hard_linked_once_is_read_after_the_link_is_gone(tmp_path: Path) -> None:
    original = tmp_path / "mine.py"
    original.write_text(SOURCE)
    os.link(original, tmp_path / "other.py")
    (tmp_path / "other.py").unlink()
    assert read_submission(original).source == SOURCE


@pytest.mark.parametrize("text", [SOURCE, "# 中文注释\n" + SOURCE])
def test_a_utf8_bom_is_not_part_of_the_source(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bom.py"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    submission = read_submission(path)
    assert submission.source == text
    compile(submission.source, "bom.py", "exec")

"""Reading a submission file: every problem is an input error naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlprep.grader.errors import InputError
from dlprep.grader.submission import read_submission


def test_a_utf8_file_is_read_and_hashed(tmp_path: Path) -> None:
    path = tmp_path / "my solution.py"
    path.write_text("x = '雪'\n", encoding="utf-8")
    submission = read_submission(path)
    assert submission.source == "x = '雪'\n" and len(submission.sha256) == 64
    assert submission.filename == "my_solution.py"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "no such file"),
        (b"x = 1\n\xff\xfe\n", ":2: not valid UTF-8"),
        (b"x = 1\x00\n", "NUL bytes"),
    ],
)
def test_unreadable_submissions_are_input_errors(
    tmp_path: Path, content: bytes | None, problem: str
) -> None:
    path = tmp_path / "sub.py"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=problem) as raised:
        read_submission(path)
    assert str(path) in str(raised.value)


def test_a_directory_is_not_a_submission(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a regular file"):
        read_submission(tmp_path)

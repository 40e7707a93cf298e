"""Fixtures for the exercise tests: a warm real grader, fixture submissions, and exercise folders to break."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from exercises_support import write_exercise

from dlprep.grader.grading import Grader
from dlprep.grader.report import Report
from dlprep.grader.sandbox import BUBBLEWRAP, DEGRADED, bubblewrap_works
from dlprep.grader.submission import read_submission

GradeFile = Callable[[str, Path], Report]


@pytest.fixture(scope="session")
def exercise_grader() -> Iterator[Grader]:
    """One warm grader for the whole session: bubblewrap when it works here, else rlimits only."""
    grader = Grader(mode=BUBBLEWRAP if bubblewrap_works() else DEGRADED)
    grader.wait_ready()
    yield grader
    grader.close()


@pytest.fixture
def grade_file(exercise_grader: Grader) -> GradeFile:
    """grade_file(exercise_id, path) -> the grader's Report for that submission (quick profile)."""
    from dlprep.exercises.registry import get_exercise

    return lambda exercise_id, path: exercise_grader.grade(get_exercise(exercise_id), read_submission(path))


@pytest.fixture
def toy_folder(tmp_path: Path) -> Path:
    """A valid function exercise `toy` in a fresh pack directory."""
    return write_exercise(tmp_path / "pack")


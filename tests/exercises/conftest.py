"""Fixtures for the exercise tests: a warm real grader, and a valid exercise folder to break."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from exercises_support import write_exercise

from dlprep.grader.grading import Grader
from dlprep.grader.launcher import BUBBLEWRAP, DEGRADED, bubblewrap_works


@pytest.fixture(scope="session")
def exercise_grader() -> Iterator[Grader]:
    """One warm grader for the whole session: bubblewrap when it works here, else rlimits only."""
    grader = Grader(mode=BUBBLEWRAP if bubblewrap_works() else DEGRADED)
    grader.wait_ready()
    yield grader
    grader.close()


@pytest.fixture
def toy_folder(tmp_path: Path) -> Path:
    """A valid function exercise `toy` in a fresh pack directory."""
    return write_exercise(tmp_path / "pack")

"""Fixtures for the grader tests: toy exercises, one warm grader per sandbox mode, a grading helper."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from grader_toys import write_toy_pack

from dlprep.exercises.registry import Exercise, get_exercise
from dlprep.grader.grading import Grader
from dlprep.grader.launcher import BUBBLEWRAP, DEGRADED, bubblewrap_works
from dlprep.grader.report import Report
from dlprep.grader.submission import Submission

GradeSource = Callable[[str, str], Report]


@pytest.fixture(scope="session")
def toy_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_toy_pack(tmp_path_factory.mktemp("toy-exercises"))


@pytest.fixture(scope="session")
def toy_exercise(toy_pack: Path) -> Callable[[str], Exercise]:
    return lambda exercise_id: get_exercise(exercise_id, [toy_pack])


def _start(mode: str) -> Grader:
    if mode == BUBBLEWRAP and not bubblewrap_works():
        pytest.skip("bubblewrap cannot create namespaces on this machine")
    grader = Grader(mode=mode)
    grader.wait_ready()
    return grader


@pytest.fixture(scope="session")
def bwrap_grader() -> Iterator[Grader]:
    grader = _start(BUBBLEWRAP)
    yield grader
    grader.close()


@pytest.fixture(scope="session")
def degraded_grader() -> Iterator[Grader]:
    grader = _start(DEGRADED)
    yield grader
    grader.close()


@pytest.fixture(params=[BUBBLEWRAP, DEGRADED])
def grader(request: pytest.FixtureRequest) -> Grader:
    """Each test using it runs once per sandbox mode."""
    return request.getfixturevalue(
        "bwrap_grader" if request.param == BUBBLEWRAP else "degraded_grader"
    )


@pytest.fixture
def grade(grader: Grader, toy_exercise: Callable[[str], Exercise]) -> GradeSource:
    """grade(exercise_id, source) -> Report, with the mode's grader."""
    return lambda exercise_id, source: grader.grade(
        toy_exercise(exercise_id), Submission.from_text(source, "sub.py")
    )

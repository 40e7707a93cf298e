"""The hidden tests can pass and can fail, proven through the real grader (sandboxed child, trusted harness).

For every exercise: the reference solution passes every hidden test; every wrong implementation
in tests/exercise_fixtures/<id>/wrong_*.py fails at least one; and every hidden test fails on at
least one wrong implementation (tests skipped here, such as CUDA-only ones, are not in reports).
train_ch6 trains LeNet (about 15 s per grading): its reference grading is in the default suite,
the other submissions are marked slow.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from exercises_support import FIXTURES

from dlprep.exercises.registry import get_exercise
from dlprep.grader.grading import Grader
from dlprep.grader.report import Report
from dlprep.grader.submission import read_submission

FUNCTION_EXERCISES = ("batch_norm", "cross_entropy", "dropout_layer")
Grade = Callable[[str, Path], Report]


def wrong_implementations(exercise_id: str) -> list[Path]:
    return sorted((FIXTURES / exercise_id).glob("wrong_*.py"))


def exercise_wrong_pairs(exercise_ids: tuple[str, ...]) -> list[object]:
    return [
        pytest.param(exercise_id, path, id=f"{exercise_id}/{path.stem}")
        for exercise_id in exercise_ids
        for path in wrong_implementations(exercise_id)
    ]


def not_passed(report: Report) -> dict[str, str]:
    """Test name -> status, for every test that did not pass."""
    return {test.name: test.status for test in report.tests if test.status != "passed"}


@pytest.fixture(scope="session")
def graded(exercise_grader: Grader) -> Grade:
    """graded(exercise_id, path) -> Report, each submission graded once per session."""
    reports: dict[tuple[str, Path], Report] = {}

    def grade(exercise_id: str, path: Path) -> Report:
        if (exercise_id, path) not in reports:
            reports[exercise_id, path] = exercise_grader.grade(
                get_exercise(exercise_id), read_submission(path)
            )
        return reports[exercise_id, path]

    return grade


def test_every_exercise_has_wrong_implementations():
    for exercise_id in (*FUNCTION_EXERCISES, "train_ch6"):
        assert len(wrong_implementations(exercise_id)) >= 4, exercise_id


@pytest.mark.parametrize("exercise_id", FUNCTION_EXERCISES)
def test_reference_passes_every_hidden_test(graded, exercise_id):
    report = graded(exercise_id, get_exercise(exercise_id).reference_path)
    assert report.tests, "no hidden test ran"
    assert not_passed(report) == {}


@pytest.mark.parametrize(("exercise_id", "wrong"), exercise_wrong_pairs(FUNCTION_EXERCISES))
def test_wrong_implementation_fails_a_hidden_test(graded, exercise_id, wrong):
    assert not_passed(graded(exercise_id, wrong)), f"{wrong.name} passes every hidden test"


@pytest.mark.parametrize("exercise_id", FUNCTION_EXERCISES)
def test_every_hidden_test_fails_on_some_wrong_implementation(graded, exercise_id):
    assert_every_test_can_fail(graded, exercise_id)


def test_train_ch6_reference_passes_on_the_quick_profile(graded):
    report = graded("train_ch6", get_exercise("train_ch6").reference_path)
    assert len(report.tests) == 5
    assert not_passed(report) == {}


@pytest.mark.slow
def test_train_ch6_written_the_d2l_way_passes(graded):
    """The notes' train_ch6 (d2l.Animator, Timer, Accumulator, accuracy, evaluate_accuracy_gpu) runs unchanged."""
    assert not_passed(graded("train_ch6", FIXTURES / "train_ch6" / "d2l_style.py")) == {}


@pytest.mark.slow
@pytest.mark.parametrize(("exercise_id", "wrong"), exercise_wrong_pairs(("train_ch6",)))
def test_train_ch6_wrong_implementation_fails_a_hidden_test(graded, exercise_id, wrong):
    assert not_passed(graded(exercise_id, wrong)), f"{wrong.name} passes every hidden test"


@pytest.mark.slow
def test_every_train_ch6_hidden_test_fails_on_some_wrong_implementation(graded):
    assert_every_test_can_fail(graded, "train_ch6")


def assert_every_test_can_fail(graded: Grade, exercise_id: str) -> None:
    all_tests = {
        test.name for test in graded(exercise_id, get_exercise(exercise_id).reference_path).tests
    }
    failing = set().union(
        *(not_passed(graded(exercise_id, wrong)) for wrong in wrong_implementations(exercise_id))
    )
    assert all_tests - failing == set(), "hidden tests that no wrong implementation fails"

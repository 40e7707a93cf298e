"""A hidden test that raises on what the submission returned fails the submission's test.

A value of the wrong kind can make the test's own comparison code raise (a TypeError in
arithmetic on a dict, torch.matmul on a wrong shape) before any assertion: that is a failed
test with a message the learner can act on. A bug of the grader's machinery or of the test
itself (NameError, an unknown Build) stays "grader error: the hidden test raised <Type>".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from grader_toys import write_exercise

from dlprep.exercises.registry import Exercise, get_exercise
from dlprep.grader.grading import Grader
from dlprep.grader.messages import translate_output
from dlprep.grader.report import Report
from dlprep.grader.submission import Submission

HIDDEN = """
import torch

from dlprep.grader.checks import assert_close
from dlprep.grader.protocol import Build


def test_arithmetic_on_the_value(student):
    x = torch.ones(2, 2)
    assert (student.answer(x) - x * 2).abs().max() < 1e-6


def test_matmul_on_the_value(student):
    x = torch.ones(2, 2)
    assert torch.equal(torch.matmul(student.answer(x), torch.eye(2)), x * 2)


def test_indexing_the_value(student):
    assert student.answer(torch.ones(2, 2))[1][0] == 2


def test_a_bug_of_the_test(student):
    student.answer(torch.ones(2, 2))
    undefined_name  # noqa: F821 - the hidden test's own bug


def test_a_bug_in_the_grader_machinery(student):
    student.call("answer", Build("no_such_builder"))


def test_a_bug_before_any_call(student):
    raise TypeError("the test's own mistake")
"""
REFERENCE = "def answer(x):\n    return x * 2\n"
AS_DICT = "def answer(x):\n    return {'value': x * 2}\n"
WRONG_SHAPE = "import torch\ndef answer(x):\n    return torch.ones(3, 3) * 2\n"
SCALAR = "def answer(x):\n    return 2.0\n"
BUGS = (
    "test_a_bug_of_the_test",
    "test_a_bug_in_the_grader_machinery",
    "test_a_bug_before_any_call",
)


@pytest.fixture(scope="module")
def exercise(tmp_path_factory: pytest.TempPathFactory) -> Exercise:
    pack = tmp_path_factory.mktemp("hidden-raises")
    write_exercise(
        pack,
        "answer",
        "answer",
        "answer(x)",
        HIDDEN,
        REFERENCE,
        "{wall_seconds: 8, call_seconds: 2, memory_mib: 256}",
    )
    return get_exercise("answer", [Path(pack)])


def _grade(grader: Grader, exercise: Exercise, source: str) -> dict[str, tuple[str, str]]:
    report: Report = grader.grade(exercise, Submission.from_text(source, "sub.py"))
    return {test.name.split("::")[-1]: (test.status, test.output) for test in report.tests}


def test_the_reference_passes_every_test_but_the_buggy_ones(
    grader: Grader, exercise: Exercise
) -> None:
    results = _grade(grader, exercise, REFERENCE)
    for name, (status, output) in results.items():
        assert status == ("error" if name in BUGS else "passed"), (name, output)


@pytest.mark.parametrize(
    ("source", "failing", "kind"),
    [
        (AS_DICT, ("test_arithmetic_on_the_value", "test_matmul_on_the_value"), "TypeError"),
        (WRONG_SHAPE, ("test_matmul_on_the_value",), "RuntimeError"),
        (SCALAR, ("test_indexing_the_value", "test_matmul_on_the_value"), "TypeError"),
    ],
    ids=["dict", "wrong-shape", "scalar"],
)
def test_a_test_choking_on_the_value_fails_the_submission(
    grader: Grader, exercise: Exercise, source: str, failing: tuple[str, ...], kind: str
) -> None:
    results = _grade(grader, exercise, source)
    for name in failing:
        status, output = results[name]
        assert status == "failed", (name, output)
        assert "could not check the value the submission returned" in output, output
        assert f": {kind}: " in output, output
        assert "grader error" not in output
        assert "隐藏测试无法检查" in translate_output(output, "zh")
    for name in BUGS:
        status, output = results[name]
        assert status == "error" and output.startswith("grader error: the hidden test raised"), (
            name,
            output,
        )
    assert results["test_a_bug_in_the_grader_machinery"][1].endswith("RuntimeError")
    assert results["test_a_bug_of_the_test"][1].endswith("NameError")

"""Grading toy submissions in both sandbox modes: scores, and each failure as a clear verdict."""

from __future__ import annotations

from pathlib import Path

from conftest import GradeSource
from grader_toys import outputs, statuses

CORRECT = "import torch\n\ndef scale(x, factor):\n    return x * factor\n"


def test_correct_submission_gets_every_point(grade: GradeSource) -> None:
    report = grade("scale", CORRECT)
    assert report.passed
    assert (report.score, report.max_score) == (6, 6)  # test_values is worth 2 points
    assert set(statuses(report).values()) == {"passed"}


def test_wrong_answer_fails_only_the_tests_it_breaks(grade: GradeSource) -> None:
    report = grade("scale", "def scale(x, factor):\n    return x * factor + (factor == 3.0)\n")
    assert statuses(report)["test_values"] == "failed"
    assert statuses(report)["test_zero_factor"] == "passed"
    assert "differs from the expected values" in outputs(report)
    assert not report.passed and report.score == 4


def test_syntax_error_names_the_line_and_runs_no_test(grade: GradeSource, toy_pack: Path) -> None:
    ran_log = toy_pack / "scale" / "hidden" / "ran.log"
    ran_log.unlink(missing_ok=True)
    report = grade("scale", "import torch\n\ndef scale(x, factor)\n    return x\n")
    assert set(statuses(report).values()) == {"error"}
    assert all("syntax error on line 3" in test.output for test in report.tests)
    assert not ran_log.exists(), "hidden tests ran although the submission did not load"


def test_missing_entry_is_reported_with_what_is_defined(grade: GradeSource) -> None:
    report = grade("scale", "def scal(x, factor):\n    return x * factor\n")
    assert set(statuses(report).values()) == {"error"}
    assert "does not define `scale` (it defines: scal)" in report.tests[0].output


def test_wrong_signature_is_reported_before_any_call(grade: GradeSource) -> None:
    report = grade("scale", "def scale(x):\n    return x\n")
    assert set(statuses(report).values()) == {"error"}
    assert "cannot be called as scale(x, factor)" in report.tests[0].output


def test_learner_exception_shows_their_traceback_without_harness_frames(grade: GradeSource) -> None:
    source = "def helper(x):\n    return x.nope()\n\ndef scale(x, factor):\n    return helper(x)\n"
    report = grade("scale", source)
    output = report.tests[0].output
    assert report.tests[0].status == "error"
    assert "scale raised AttributeError: 'Tensor' object has no attribute 'nope'" in output
    assert (
        'File "sub.py", line 5, in scale' in output and 'File "sub.py", line 2, in helper' in output
    )
    assert "dlprep_child" not in output and "calls.py" not in output


def test_exception_at_import_is_reported_for_every_test(grade: GradeSource) -> None:
    report = grade("scale", "raise ValueError('broken module')\n")
    assert set(statuses(report).values()) == {"error"}
    assert "loading sub.py raised ValueError: broken module" in report.tests[0].output


def test_infinite_loop_times_out_and_later_tests_still_run(grade: GradeSource) -> None:
    source = (
        "def scale(x, factor):\n    while factor == 3.0:\n        pass\n    return x * factor\n"
    )
    report = grade("scale", source)
    assert statuses(report)["test_values"] == "timeout"
    assert "used up its CPU-time limit" in report.tests[0].output  # 2 s of CPU per call
    assert statuses(report)["test_zero_factor"] == "passed"  # a fresh child took over


def test_sleeping_call_times_out_on_the_generous_wall_clock(grade: GradeSource) -> None:
    source = "import time\n\ndef scale(x, factor):\n    if factor == 3.0:\n        time.sleep(600)\n    return x * factor\n"
    report = grade("scale", source)
    assert statuses(report)["test_values"] == "timeout"
    assert "of wall-clock time" in report.tests[0].output


def test_memory_hog_gets_a_memory_verdict(grade: GradeSource) -> None:
    report = grade(
        "scale", "import torch\n\ndef scale(x, factor):\n    return torch.empty(10**10) * factor\n"
    )
    assert statuses(report)["test_values"] == "error"
    assert "ran out of memory" in report.tests[0].output


def test_wrong_shape_and_nan_have_learner_messages(grade: GradeSource) -> None:
    transposed = grade("scale", "def scale(x, factor):\n    return (x * factor).T\n")
    assert "expected the result to have shape (4, 5), got (5, 4)" in outputs(transposed)
    nan = grade(
        "scale", "import torch\n\ndef scale(x, factor):\n    return x * factor * torch.nan\n"
    )
    assert "contains NaN at 20 positions" in outputs(nan)


def test_printed_output_is_captured_with_the_failing_test(grade: GradeSource) -> None:
    report = grade(
        "scale",
        "import os\n\ndef scale(x, factor):\n    print('debug', factor)\n"
        "    os.write(2, b'raw fd write\\n')\n    return x\n",
    )
    output = {test.name.split("::")[-1]: test.output for test in report.tests}["test_values"]
    assert "debug 3.0" in output and "raw fd write" in output


def test_modified_input_and_missing_gradient_are_seen(grade: GradeSource) -> None:
    report = grade(
        "scale", "def scale(x, factor):\n    x.data.mul_(factor)\n    return x.detach().clone()\n"
    )
    assert statuses(report)["test_input_is_not_modified"] == "failed"
    assert statuses(report)["test_gradient"] == "error"  # backward on a detached result


def test_no_state_passes_between_submissions(grade: GradeSource) -> None:
    polluter = (
        "import torch, builtins\nbuiltins.POLLUTED = True\ntorch.POLLUTED = True\n"
        "\ndef scale(x, factor):\n    return x * factor\n"
    )
    grade("scale", polluter)
    checker = (
        "import builtins, torch\n\ndef scale(x, factor):\n"
        "    if hasattr(builtins, 'POLLUTED') or hasattr(torch, 'POLLUTED'):\n        return x\n"
        "    return x * factor\n"
    )
    assert grade("scale", checker).passed


def test_a_hanging_import_times_out_every_test_without_running_them(grade: GradeSource) -> None:
    report = grade("scale", "while True:\n    pass\n")
    assert set(statuses(report).values()) == {"timeout"}
    assert (
        "loading the submission: the submission used up its CPU-time limit"
        in report.tests[0].output
    )

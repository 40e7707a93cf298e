"""Training progress crosses the sandbox as checked plain data, and never changes a verdict.

A toy submission reports progress the two ways real code does (d2l.Animator.add, and
dlprep_child.progress.report as FashionBatches calls it), plus hostile frames written straight
to its channel: only finite, in-range numbers reach `on_progress`, and grading goes on. (A
submission may not name dlprep_child, so it reaches the module through d2l, as an attacker
could: the static refusal is a tripwire, the parent's checks are what hold.)
"""

from __future__ import annotations

from collections.abc import Callable

from dlprep.exercises.registry import Exercise
from dlprep.grader.grading import Grader
from dlprep.grader.progress import Progress, parse
from dlprep.grader.submission import Submission

REPORTING = """
import time
from d2l import torch as d2l
progress = d2l.progress
send_message = progress.send_message

def scale(x, factor):
    progress.report(float("nan"), 1.0)  # sent, and dropped by the parent
    time.sleep(0.21)
    for junk in ({"status": "progress", "epoch": "3"}, {"status": "progress", "epoch": 1e300},
                 {"status": "progress", "epoch": 2.0, "loss": [1.0]}):
        send_message(progress._channel, junk)
    d2l.Animator(xlabel="epoch").add(1.5, (0.25, 0.9, None))
    progress.report(9.0, 9.0)  # too soon after the last one: not even sent
    return x * factor
"""


def test_progress_reaches_the_callback_checked(
    bwrap_grader: Grader, toy_exercise: Callable[[str], Exercise]
) -> None:
    received: list[Progress] = []
    report = bwrap_grader.grade(
        toy_exercise("scale"),
        Submission.from_text(REPORTING, "sub.py"),
        on_progress=received.append,
    )
    assert report.passed, [test.output for test in report.tests if test.status != "passed"]
    assert received and set(received) == {Progress(1.5, 0.25)}


def test_parse_keeps_only_finite_numbers_in_range() -> None:
    assert parse({"status": "progress", "epoch": 2.0, "loss": None}) == Progress(2.0, None)
    for epoch, loss in [(float("inf"), 1.0), (-1.0, 1.0), (1.0, float("nan")), (1, 1.0)]:
        assert parse({"status": "progress", "epoch": epoch, "loss": loss}) is None
    assert parse({"status": "progress", "epoch": 1.0, "loss": "0.5"}) is None

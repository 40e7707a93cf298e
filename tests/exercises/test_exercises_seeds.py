"""Every reference passes its hidden tests under 30 different seed offsets (no flaky statistics).

The harness shifts every call's seed (and the `seed` fixture hidden tests draw their inputs
with) by the offset, so each run sees other masks, other inputs and other initial weights.
Slow: about 30 gradings per exercise.
"""

from __future__ import annotations

import pytest

from dlprep.exercises.registry import builtin_dir, load_pack
from dlprep.grader.grading import Grader
from dlprep.grader.submission import read_submission

RUNS = 30
EXERCISES = [exercise for exercise in load_pack(builtin_dir())[0] if exercise.kind != "training"]


@pytest.mark.slow
@pytest.mark.parametrize("exercise", EXERCISES, ids=[exercise.id for exercise in EXERCISES])
def test_reference_passes_under_30_seeds(exercise_grader: Grader, exercise) -> None:
    submission = read_submission(exercise.reference_path)
    failures = {}
    for offset in range(RUNS):
        report = exercise_grader.grade(exercise, submission, seed_offset=offset * 1000 + 7)
        failures.update(
            {
                f"{test.name} (offset {offset})": test.output[:200]
                for test in report.tests
                if test.status != "passed"
            }
        )
    assert failures == {}

"""`dlprep submit EXERCISE FILE`, the real command in a real process: it grades in the sandbox
and records the attempt, its rating and the failed tests' cards in the learner's store, which
`dlprep stats --json` then reports (the instructor's `dlprep grade` records nothing)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from real_grader import grader_env, grader_python

from dlprep.concepts.exercise_log import ExerciseLog
from dlprep.concepts.store import Store
from dlprep.exercises.registry import get_exercise


def dlprep(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [grader_python(), "-m", "dlprep", *args],
        capture_output=True,
        text=True,
        env=grader_env(),
        timeout=300,
    )


def test_submit_records_attempts_ratings_and_due_cards(isolated_dlprep_home: Path) -> None:
    exercise = get_exercise("dropout_layer")
    failed = dlprep("submit", "dropout_layer", str(exercise.starter_path), "--json")
    assert failed.returncode == 1, failed.stderr
    assert json.loads(failed.stdout)["passed"] is False
    assert "rated Again" in failed.stderr and "is due again" in failed.stderr
    passed = dlprep("submit", "dropout_layer", str(exercise.reference_path), "--rating", "4")
    assert passed.returncode == 0, passed.stderr
    assert "rated Easy" in passed.stderr and "next review of dropout_layer" in passed.stderr
    stats = json.loads(dlprep("stats", "--json").stdout)
    assert stats["exercise_attempts_today"] == 2 and stats["exercises_passed"] == 1
    assert "dropout_layer" in stats["exercise_next_due"]
    with Store.open() as store:
        attempts = ExerciseLog(store).attempts("dropout_layer")
        due_cards = [card for card in exercise.concepts if store.card_record(card).fsrs_card]
    assert sorted((attempt.passed, attempt.rating) for attempt in attempts) == [
        (False, 1),
        (True, 4),
    ]
    assert due_cards, "the failed tests' concept cards were not made due"


def test_grade_records_nothing(isolated_dlprep_home: Path) -> None:
    exercise = get_exercise("dropout_layer")
    graded = dlprep("grade", "dropout_layer", str(exercise.reference_path), "--json")
    assert graded.returncode == 0, graded.stderr
    stats = json.loads(dlprep("stats", "--json").stdout)
    assert stats["exercise_attempts_today"] == 0 and stats["exercise_next_due"] == {}

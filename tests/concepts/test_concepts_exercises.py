"""Exercises on the schedule: drafts, attempts, the suggested rating, due exercises, failed concepts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fixed_clock import Clock
from fsrs import Rating

from dlprep.concepts.exercise_log import Draft, ExerciseLog
from dlprep.concepts.exercise_schedule import (
    ExerciseSchedule,
    exercise_card_id,
    failed_concepts,
    suggest_rating,
)
from dlprep.concepts.migrations import latest_version
from dlprep.concepts.session import StudySession
from dlprep.concepts.stats import collect_stats
from dlprep.concepts.store import Store

PASS = {"score": 4, "max_score": 4, "passed": True, "tests": [{"name": "t1", "status": "passed"}]}
FAIL = {
    "score": 1,
    "max_score": 4,
    "passed": False,
    "tests": [
        {"name": "t1", "status": "passed", "concepts": ["b1"]},
        {"name": "t2", "status": "failed", "concepts": ["a1", "a2"]},
        {"name": "t3", "status": "error"},
    ],
}


def _attempt(schedule: ExerciseSchedule, clock: Clock, report: dict[str, object]):  # type: ignore[no-untyped-def]
    now = clock()
    return schedule.record_attempt("dropout_layer", "code", report, now - timedelta(seconds=2), now)


def test_draft_round_trip_and_reset(store: Store, clock: Clock) -> None:
    log = ExerciseLog(store)
    assert log.draft("dropout_layer") is None
    log.save_draft(Draft("dropout_layer", "x = 1\n", (3, 4), clock()))
    log.save_draft(Draft("dropout_layer", "x = 2\n", (0, 5), clock()))
    with Store.open(store.path) as reopened:
        draft = ExerciseLog(reopened).draft("dropout_layer")
    assert draft is not None and (draft.code, draft.cursor) == ("x = 2\n", (0, 5))
    log.delete_draft("dropout_layer")
    assert log.draft("dropout_layer") is None


def test_schema_has_exercise_tables(store: Store) -> None:
    assert latest_version() >= 2
    names = {row[0] for row in store.query("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"exercise_draft", "exercise_attempt"} <= names


def test_suggested_ratings_follow_the_rule() -> None:
    assert suggest_rating(True, False) == Rating.Good
    assert suggest_rating(True, True) == Rating.Hard
    assert suggest_rating(False, False) == Rating.Again
    assert suggest_rating(False, True) == Rating.Again


def test_first_pass_of_the_day_is_good_pass_after_fail_is_hard(
    session: StudySession, clock: Clock
) -> None:
    schedule = ExerciseSchedule(session)
    first = _attempt(schedule, clock, PASS)
    assert schedule.suggested_rating(first) == Rating.Good
    failed = _attempt(schedule, clock, FAIL)
    assert schedule.suggested_rating(failed) == Rating.Again
    passed = _attempt(schedule, clock, PASS)
    assert schedule.suggested_rating(passed) == Rating.Hard


def test_rating_goes_to_the_review_log_and_schedules_days(
    session: StudySession, clock: Clock
) -> None:
    schedule = ExerciseSchedule(session)
    attempt = schedule.commit_rating(_attempt(schedule, clock, PASS), Rating.Good)
    record = session.store.card_record(exercise_card_id("dropout_layer"))
    assert record.fsrs_card is not None and record.fsrs_card.due - clock() >= timedelta(days=1)
    assert [entry.card_id for entry in session.store.reviews_since(clock() - timedelta(1))] == [
        "exercise:dropout_layer"
    ]
    assert ExerciseLog(session.store).attempts("dropout_layer")[0].rating == attempt.rating == 3
    status = schedule.statuses(["dropout_layer", "batch_norm"])
    assert status["dropout_layer"].status == "passed" and status["batch_norm"].status == "new"
    assert status["dropout_layer"].best_score == 4
    # The card counts of the day are not changed by an exercise rating.
    assert session.progress().reviewed == 0


def test_exercise_becomes_due_again(session: StudySession, clock: Clock) -> None:
    schedule = ExerciseSchedule(session)
    schedule.commit_rating(_attempt(schedule, clock, FAIL), Rating.Again)
    assert schedule.statuses(["dropout_layer"])["dropout_layer"].status == "attempted"
    clock.advance(timedelta(days=2))
    assert schedule.due_ids(["dropout_layer", "batch_norm"]) == ["dropout_layer"]


def test_failed_tests_make_their_cards_due_today(session: StudySession, clock: Clock) -> None:
    schedule = ExerciseSchedule(session)
    session.rate(session.next_card(), Rating.Easy, 1.0)  # type: ignore[arg-type]  # a1: due in days
    assert session.store.card_record("a1").fsrs_card.due > clock() + timedelta(days=1)  # type: ignore[union-attr]
    failed = failed_concepts(FAIL, fallback=["b2", "unknown-card"])
    assert failed == {"t2": ["a1", "a2"], "t3": ["b2", "unknown-card"]}
    changed = schedule.mark_due_today(card for cards in failed.values() for card in cards)
    assert changed == ["a1", "a2", "b2"]
    due = session.store.card_record("a1").fsrs_card
    assert due is not None and due.due <= clock()
    assert session.progress().due == 3  # a1 (review) and a2, b2 (learning, due now)


def test_stats_count_exercises(session: StudySession, clock: Clock) -> None:
    schedule = ExerciseSchedule(session)
    schedule.commit_rating(_attempt(schedule, clock, PASS), Rating.Good)
    _attempt(schedule, clock, FAIL)
    figures = collect_stats(session)
    assert figures["exercise_attempts_today"] == 2
    assert figures["exercises_passed"] == 1
    assert figures["exercises_due"] == 0
    next_due = figures["exercise_next_due"]
    assert isinstance(next_due, dict)
    assert datetime.fromisoformat(next_due["dropout_layer"]) > clock().astimezone(UTC)

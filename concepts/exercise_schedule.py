"""Exercises on the FSRS schedule: status, due dates, the rating of an attempt, failed concepts.

An exercise is scheduled like a card under the card id "exercise:<id>", in the same
card_state and review_log, but without learning steps (whole days: see `build_scheduler`).
Each graded attempt suggests a rating: every test passed on the first attempt of the study
day is Good, a pass after failed attempts that day is Hard, a failure is Again; the learner
may change it before it is committed. A failed test's concept cards become due today.
This module reads the grader's report as plain JSON (it never imports the grader).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TypedDict

import fsrs
from fsrs import Rating

from dlprep.concepts.exercise_log import Attempt, ExerciseLog
from dlprep.concepts.fsrs_adapter import day_bounds, fsrs_card_id
from dlprep.concepts.records import EXERCISE_PREFIX
from dlprep.concepts.session import StudySession

STATUSES = ("new", "attempted", "passed", "due")


class ReportTest(TypedDict, total=False):
    """One test of the grader's report JSON, as far as scheduling needs it."""

    name: str
    status: str
    concepts: list[str]


def exercise_card_id(exercise_id: str) -> str:
    """The review-log card id of an exercise."""
    return f"{EXERCISE_PREFIX}{exercise_id}"


def suggest_rating(passed: bool, failed_earlier_today: bool) -> Rating:
    """Good for a first-time pass today, Hard for a pass after failing today, Again for a fail."""
    if not passed:
        return Rating.Again
    return Rating.Hard if failed_earlier_today else Rating.Good


@dataclass(frozen=True)
class ExerciseStatus:
    """What the Exercises list shows for one exercise."""

    exercise_id: str
    status: str  # one of STATUSES
    attempts: int
    best_score: float | None
    max_score: float | None
    due: datetime | None  # the next review of the exercise, once rated


def failed_concepts(report: dict[str, object], fallback: Sequence[str]) -> dict[str, list[str]]:
    """Per failed test name, the concept cards it probes (its `concepts`, else `fallback`)."""
    tests = report.get("tests")
    failed: dict[str, list[str]] = {}
    if not isinstance(tests, list):
        return failed
    for test in tests:
        if not isinstance(test, dict) or test.get("status") == "passed":
            continue
        concepts = test.get("concepts")
        if not isinstance(concepts, list) or not concepts:
            concepts = list(fallback)
        failed[str(test.get("name", "?"))] = [str(card) for card in concepts]
    return failed


class ExerciseSchedule:
    """Exercises' attempts and ratings in the session's store and review log."""

    def __init__(self, session: StudySession) -> None:
        self.session = session
        self.log = ExerciseLog(session.store)

    def _day(self) -> tuple[datetime, datetime]:
        settings = self.session.settings
        return day_bounds(self.session.now(), settings.day_starts_at_hour, self.session.zone)

    def statuses(self, exercise_ids: Iterable[str]) -> dict[str, ExerciseStatus]:
        """The status of each exercise: new, attempted (never passed), passed, or due again."""
        attempts: dict[str, list[Attempt]] = {}
        for attempt in self.log.attempts():
            attempts.setdefault(attempt.exercise_id, []).append(attempt)
        records = self.session.store.card_records()
        day_end = self._day()[1]
        result = {}
        for exercise_id in exercise_ids:
            tried = attempts.get(exercise_id, [])
            record = records.get(exercise_card_id(exercise_id))
            state = record.fsrs_card if record is not None else None
            due = state.due if state is not None else None
            if not tried and state is None:
                status = "new"
            elif due is not None and due < day_end and not (record and record.suspended):
                status = "due"
            else:
                status = "passed" if any(attempt.passed for attempt in tried) else "attempted"
            best = max(tried, key=lambda attempt: attempt.score) if tried else None
            result[exercise_id] = ExerciseStatus(
                exercise_id,
                status,
                len(tried),
                best.score if best else None,
                best.max_score if best else None,
                due,
            )
        return result

    def due_ids(self, exercise_ids: Iterable[str]) -> list[str]:
        """The exercises due today, in the order given."""
        statuses = self.statuses(exercise_ids)
        return [key for key, status in statuses.items() if status.status == "due"]

    def record_attempt(
        self,
        exercise_id: str,
        code: str,
        report: dict[str, object],
        started_at: datetime,
        finished_at: datetime,
    ) -> Attempt:
        """Keep a graded attempt (committed); its rating is suggested by `suggested_rating`."""
        score, max_score = _number(report.get("score")), _number(report.get("max_score"))
        attempt = Attempt(
            exercise_id,
            code,
            json.dumps(report, ensure_ascii=False),
            score,
            max_score,
            report.get("passed") is True,
            started_at,
            finished_at,
        )
        return replace(attempt, id=self.log.add_attempt(attempt))

    def suggested_rating(self, attempt: Attempt) -> Rating:
        """The rating `attempt` suggests, from the exercise's other attempts today."""
        earlier = [
            other
            for other in self.log.attempts_since(self._day()[0])
            if other.exercise_id == attempt.exercise_id
            and other.id is not None
            and attempt.id is not None
            and other.id < attempt.id
        ]
        return suggest_rating(attempt.passed, any(not other.passed for other in earlier))

    def commit_rating(self, attempt: Attempt, rating: Rating) -> Attempt:
        """Rate the exercise for `attempt` in the review log (committed) and note it on the attempt."""
        assert attempt.id is not None
        review_id = self.session.rate_id(
            exercise_card_id(attempt.exercise_id), rating, attempt.duration_s, steps=False
        )
        self.log.set_rating(attempt.id, int(rating), review_id)
        return replace(attempt, rating=int(rating), review_id=review_id)

    def mark_due_today(self, card_ids: Iterable[str]) -> list[str]:
        """Make the known cards among `card_ids` due now (new ones start learning); those changed."""
        known = {card.id for deck in self.session.decks for card in deck.cards}
        now, day_end = self.session.now(), self._day()[1]
        changed = []
        for card_id in dict.fromkeys(card_ids):
            if card_id not in known:
                continue
            record = self.session.store.card_record(card_id)
            state = record.fsrs_card
            if state is not None and state.due < day_end and not record.suspended:
                continue  # already due today
            if state is None:
                state = fsrs.Card(card_id=fsrs_card_id(card_id), due=now)
            else:
                state = fsrs.Card.from_dict({**state.to_dict(), "due": now.isoformat()})
            self.session.store.save_card(
                replace(record, fsrs_card=state, suspended=False, buried_until=None)
            )
            changed.append(card_id)
        return changed

    def known_ids(self) -> list[str]:
        """Every exercise the store has an attempt or a schedule for (no registry needed)."""
        scheduled = {
            card_id.removeprefix(EXERCISE_PREFIX)
            for card_id in self.session.store.card_records()
            if card_id.startswith(EXERCISE_PREFIX)
        }
        return sorted(scheduled | {attempt.exercise_id for attempt in self.log.attempts()})

    def stats(self, exercise_ids: Iterable[str] | None = None) -> dict[str, object]:
        """The exercise figures of `dlprep stats` (default: every exercise the store knows)."""
        statuses = self.statuses(self.known_ids() if exercise_ids is None else exercise_ids)
        return {
            "exercise_next_due": {
                key: status.due.isoformat()
                for key, status in statuses.items()
                if status.due is not None
            },
            "exercises_due": sum(1 for status in statuses.values() if status.status == "due"),
            "exercise_attempts_today": len(self.log.attempts_since(self._day()[0])),
            "exercises_passed": len(
                {attempt.exercise_id for attempt in self.log.attempts() if attempt.passed}
            ),
        }


def _number(value: object) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0

"""The learner's exercise drafts and graded attempts, kept in the same SQLite file as the cards.

A draft is the code being typed (with the cursor), one row per exercise, replaced on every
save; an attempt is one graded submission (the code, the grader's report JSON, score, times)
and, once the learner has confirmed it, the rating it gave the exercise. Every write is its
own committed transaction, as in `Store`, so a killed app loses at most the typing since the
last (debounced) save. SQLite failures become StoreError.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Concatenate, ParamSpec, TypeVar

from dlprep.concepts.records import text_to_time, time_to_text
from dlprep.concepts.store import Store, StoreError, describe_sqlite_error

_P = ParamSpec("_P")
_R = TypeVar("_R")

ATTEMPT_COLUMNS = (
    "id, exercise_id, code, report, score, max_score, passed, started_at, finished_at,"
    " duration_ms, rating, review_id"
)


@dataclass(frozen=True)
class Draft:
    """The code being written for one exercise, and where the cursor was (row, column)."""

    exercise_id: str
    code: str
    cursor: tuple[int, int]
    updated_at: datetime


@dataclass(frozen=True)
class Attempt:
    """One graded submission. `report` is the grader's report as JSON text (see grader-api.md)."""

    exercise_id: str
    code: str
    report: str
    score: float
    max_score: float
    passed: bool
    started_at: datetime
    finished_at: datetime
    rating: int | None = None
    review_id: int | None = None
    id: int | None = None

    @property
    def duration_s(self) -> float:
        return (self.finished_at - self.started_at).total_seconds()


def _guarded(
    method: Callable[Concatenate[ExerciseLog, _P], _R],
) -> Callable[Concatenate[ExerciseLog, _P], _R]:
    def wrapper(log: ExerciseLog, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(log, *args, **kwargs)
        except sqlite3.Error as error:
            raise StoreError(describe_sqlite_error(error, log.store.path)) from error

    wrapper.__doc__ = method.__doc__
    return wrapper


class ExerciseLog:
    """Drafts and attempts in `store` (which must be open for writing to save)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # Drafts

    @_guarded
    def save_draft(self, draft: Draft) -> None:
        """Replace the exercise's draft; committed before this returns."""
        with self.store.transaction() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO exercise_draft"
                " (exercise_id, code, cursor_row, cursor_column, updated_at) VALUES (?, ?, ?, ?, ?)",
                (
                    draft.exercise_id,
                    draft.code,
                    draft.cursor[0],
                    draft.cursor[1],
                    time_to_text(draft.updated_at),
                ),
            )

    @_guarded
    def draft(self, exercise_id: str) -> Draft | None:
        """The saved draft, or None when the learner has not typed anything yet (or reset it)."""
        rows = self.store.query(
            "SELECT code, cursor_row, cursor_column, updated_at FROM exercise_draft"
            " WHERE exercise_id = ?",
            (exercise_id,),
        )
        if not rows:
            return None
        row = rows[0]
        return Draft(
            exercise_id,
            row["code"],
            (row["cursor_row"], row["cursor_column"]),
            text_to_time(row["updated_at"]),
        )

    @_guarded
    def delete_draft(self, exercise_id: str) -> None:
        """Forget the draft ("reset to starter")."""
        with self.store.transaction() as connection:
            connection.execute("DELETE FROM exercise_draft WHERE exercise_id = ?", (exercise_id,))

    # Attempts

    @_guarded
    def add_attempt(self, attempt: Attempt) -> int:
        """Keep a graded attempt; its new id."""
        with self.store.transaction() as connection:
            cursor = connection.execute(
                f"INSERT INTO exercise_attempt ({ATTEMPT_COLUMNS.removeprefix('id, ')})"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    attempt.exercise_id,
                    attempt.code,
                    attempt.report,
                    attempt.score,
                    attempt.max_score,
                    int(attempt.passed),
                    time_to_text(attempt.started_at),
                    time_to_text(attempt.finished_at),
                    round(attempt.duration_s * 1000),
                    attempt.rating,
                    attempt.review_id,
                ),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    @_guarded
    def set_rating(self, attempt_id: int, rating: int, review_id: int) -> None:
        """Record the rating the learner confirmed for an attempt (and its review_log row)."""
        with self.store.transaction() as connection:
            connection.execute(
                "UPDATE exercise_attempt SET rating = ?, review_id = ? WHERE id = ?",
                (rating, review_id, attempt_id),
            )

    @_guarded
    def attempts(self, exercise_id: str | None = None) -> list[Attempt]:
        """Attempts of one exercise (or all), newest first."""
        where, parameters = ("WHERE exercise_id = ?", (exercise_id,)) if exercise_id else ("", ())
        rows = self.store.query(
            f"SELECT {ATTEMPT_COLUMNS} FROM exercise_attempt {where} ORDER BY id DESC", parameters
        )
        return [_attempt_from_row(row) for row in rows]

    @_guarded
    def attempts_since(self, start: datetime) -> list[Attempt]:
        """Attempts finished at or after `start`, oldest first."""
        rows = self.store.query(
            f"SELECT {ATTEMPT_COLUMNS} FROM exercise_attempt WHERE finished_at >= ? ORDER BY id",
            (time_to_text(start),),
        )
        return [_attempt_from_row(row) for row in rows]


def _attempt_from_row(row: sqlite3.Row) -> Attempt:
    return Attempt(
        id=row["id"],
        exercise_id=row["exercise_id"],
        code=row["code"],
        report=row["report"],
        score=float(row["score"]),
        max_score=float(row["max_score"]),
        passed=bool(row["passed"]),
        started_at=text_to_time(row["started_at"]),
        finished_at=text_to_time(row["finished_at"]),
        rating=row["rating"],
        review_id=row["review_id"],
    )

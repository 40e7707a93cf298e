"""The exercises the TUI offers and their schedule: the registry's list beside the store's status.

Loaded lazily (the first time the Exercises screen or Home's due count needs it), through the
registry's public API only; a broken exercise is left out, as the CLI reports it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dlprep.concepts.exercise_schedule import ExerciseSchedule, ExerciseStatus
from dlprep.concepts.session import StudySession
from dlprep.exercises.registry import Exercise, load_exercises


@dataclass(frozen=True)
class ExerciseRow:
    """One exercise and its status, as the Exercises list shows it."""

    exercise: Exercise
    status: ExerciseStatus

    def matches(self, query: str) -> bool:
        """Whether `query` (case-insensitive) is in the id, either title or a tag."""
        needle = query.strip().lower()
        if not needle:
            return True
        exercise = self.exercise
        fields = (exercise.id, exercise.title.en, exercise.title.zh, *exercise.tags)
        return any(needle in field.lower() for field in fields) or needle == self.status.status


class ExerciseCatalog:
    """The registry's exercises (loaded once) with their status in the learner's store."""

    def __init__(self, extra_dirs: Sequence[Path] = ()) -> None:
        self._extra = list(extra_dirs)
        self._exercises: list[Exercise] | None = None

    @property
    def exercises(self) -> list[Exercise]:
        if self._exercises is None:
            self._exercises = load_exercises(self._extra)[0]
        return self._exercises

    def get(self, exercise_id: str) -> Exercise:
        return next(exercise for exercise in self.exercises if exercise.id == exercise_id)

    def rows(self, session: StudySession) -> list[ExerciseRow]:
        statuses = ExerciseSchedule(session).statuses(exercise.id for exercise in self.exercises)
        return [ExerciseRow(exercise, statuses[exercise.id]) for exercise in self.exercises]

    def due_count(self, session: StudySession) -> int:
        return len(ExerciseSchedule(session).due_ids(exercise.id for exercise in self.exercises))

"""The learner's scheduling and display settings, stored in the database as JSON values."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from dlprep.concepts.model import LANGUAGES


@dataclass
class Settings:
    """Scheduling and display choices. Defaults follow Anki and py-fsrs."""

    desired_retention: float = 0.9
    learning_steps_minutes: tuple[float, ...] = (1, 10)
    relearning_steps_minutes: tuple[float, ...] = (10,)
    new_cards_per_day: int = 20
    reviews_per_day: int = 200
    day_starts_at_hour: int = 4  # local time, as Anki
    language: str = "en"  # "en" | "zh" | "both"
    leech_lapses: int = 8
    learn_ahead_minutes: int = 20  # Anki's learn-ahead limit (0: learning cards wait until due)

    def __post_init__(self) -> None:
        self.learning_steps_minutes = tuple(self.learning_steps_minutes)
        self.relearning_steps_minutes = tuple(self.relearning_steps_minutes)
        problem = self.problem()
        if problem is not None:
            raise ValueError(problem)

    def problem(self) -> str | None:
        """What is wrong with these values, or None when they are all valid."""
        if not 0 < self.desired_retention < 1:
            return f"desired_retention must be between 0 and 1 (got {self.desired_retention})"
        for name in ("learning_steps_minutes", "relearning_steps_minutes"):
            if any(not isinstance(step, (int, float)) or step <= 0 for step in getattr(self, name)):
                return f"{name} must be positive numbers of minutes"
        for name in ("new_cards_per_day", "reviews_per_day", "leech_lapses", "learn_ahead_minutes"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < (1 if name == "leech_lapses" else 0):
                return f"{name} must be a whole number of at least {1 if name == 'leech_lapses' else 0} (got {value!r})"
        if not isinstance(self.day_starts_at_hour, int) or not 0 <= self.day_starts_at_hour <= 23:
            return f"day_starts_at_hour must be an hour from 0 to 23 (got {self.day_starts_at_hour!r})"
        if self.language not in LANGUAGES:
            return f"language must be one of {', '.join(LANGUAGES)} (got {self.language!r})"
        return None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values (tuples become lists)."""
        return {name: list(value) if isinstance(value, tuple) else value for name, value in asdict(self).items()}

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> Settings:
        """Settings from stored values; unknown keys are ignored, missing ones take the default.

        Raises ValueError naming the field when a value is invalid.
        """
        known = {field.name for field in fields(cls)}
        try:
            return cls(**{name: value for name, value in values.items() if name in known})
        except TypeError as error:
            raise ValueError(f"invalid settings: {error}") from error

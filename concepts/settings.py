"""The learner's scheduling and display settings, stored in the database as JSON values."""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from dlprep.concepts.model import LANGUAGES

THEME_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")

# What `with_value` (the learner's input) accepts for desired_retention: Anki's 0.70-0.99. fsrs's
# Scheduler itself checks nothing and computes for any 0 < r < 1, so stored values are held only to that.
RETENTION_INPUT_RANGE = (0.70, 0.99)
FSRS_PARAMETER_COUNT = 21  # FSRS-6
MAX_MINUTES = (
    365 * 24 * 60
)  # steps and learn-ahead longer than a year are typos (and overflow datetimes)


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
    # FSRS-6's 21 weights fitted to this learner by `dlprep optimize`; empty: fsrs's defaults.
    fsrs_parameters: tuple[float, ...] = ()
    theme: str = "textual-dark"  # a Textual theme name (the TUI checks it is one it has)

    def __post_init__(self) -> None:
        self.learning_steps_minutes = tuple(self.learning_steps_minutes)
        self.relearning_steps_minutes = tuple(self.relearning_steps_minutes)
        self.fsrs_parameters = tuple(self.fsrs_parameters)
        problem = self.problem()
        if problem is not None:
            raise ValueError(problem)

    def problem(self) -> str | None:
        """What is wrong with these values, or None when they are all valid."""
        if not 0 < self.desired_retention < 1:
            return f"desired_retention must be between 0 and 1 (got {self.desired_retention})"
        for name in ("learning_steps_minutes", "relearning_steps_minutes"):
            if any(
                not isinstance(step, (int, float)) or not 0 < step <= MAX_MINUTES
                for step in getattr(self, name)
            ):
                return f"{name} must be positive numbers of minutes, at most {MAX_MINUTES} (a year)"
        for name in ("new_cards_per_day", "reviews_per_day", "leech_lapses", "learn_ahead_minutes"):
            value = getattr(self, name)
            if (
                not isinstance(value, int)
                or isinstance(value, bool)
                or value < (1 if name == "leech_lapses" else 0)
            ):
                return f"{name} must be a whole number of at least {1 if name == 'leech_lapses' else 0} (got {value!r})"
        if self.learn_ahead_minutes > MAX_MINUTES:
            return f"learn_ahead_minutes must be at most {MAX_MINUTES} (a year)"
        if not isinstance(self.day_starts_at_hour, int) or not 0 <= self.day_starts_at_hour <= 23:
            return (
                f"day_starts_at_hour must be an hour from 0 to 23 (got {self.day_starts_at_hour!r})"
            )
        if self.fsrs_parameters and (
            len(self.fsrs_parameters) != FSRS_PARAMETER_COUNT
            or not all(
                isinstance(value, (int, float)) and math.isfinite(value)
                for value in self.fsrs_parameters
            )
        ):
            return f"fsrs_parameters must be {FSRS_PARAMETER_COUNT} numbers (FSRS-6), or empty for the defaults"
        if not isinstance(self.theme, str) or not THEME_PATTERN.fullmatch(self.theme):
            return f"theme must be a theme name such as textual-dark (got {self.theme!r})"
        if self.language not in LANGUAGES:
            return f"language must be one of {', '.join(LANGUAGES)} (got {self.language!r})"
        return None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values (tuples become lists)."""
        return {
            name: list(value) if isinstance(value, tuple) else value
            for name, value in asdict(self).items()
        }

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

    def with_value(self, key: str, text: str) -> Settings:
        """A copy with setting `key` parsed from the learner's `text` ("0.85", "1,10", "zh", ...).

        Raises ValueError with a message for the learner when the key is unknown or the value invalid.
        """
        name = setting_name(key)
        values = asdict(self)  # tuples stay tuples; Settings(...) validates the new value
        values[name] = _parse(name, values[name], text.strip())
        return Settings(**values)

    def with_default(self, key: str) -> Settings:
        """A copy with setting `key` back to its default. Raises ValueError for an unknown key."""
        name = setting_name(key)
        return replace(self, **{name: getattr(Settings(), name)})


SETTING_NAMES: tuple[str, ...] = tuple(field.name for field in fields(Settings))


def setting_name(key: str) -> str:
    """The field named by `key` (dashes may stand for underscores); ValueError if there is none."""
    name = key.strip().replace("-", "_")
    if name not in SETTING_NAMES:
        raise ValueError(f"unknown setting {key!r}; the settings are: {', '.join(SETTING_NAMES)}")
    return name


def _parse(name: str, current: object, text: str) -> object:
    """`text` as a value of the same kind as `current` (range checks beyond the input's are Settings.problem's)."""
    if name == "fsrs_parameters":
        return _parse_numbers(name, text)
    if isinstance(current, tuple):
        return _parse_steps(name, text)
    if isinstance(current, float):
        return _parse_retention(name, text)
    if isinstance(current, int):
        try:
            return int(text)
        except ValueError:
            raise ValueError(f"{name} must be a whole number (got {text!r})") from None
    return text.lower()


def _parse_steps(name: str, text: str) -> tuple[float, ...]:
    """Comma-separated minutes ("1,10", "0.5, 5"); an empty text means no steps."""
    try:
        steps = tuple(float(part) for part in text.split(",")) if text else ()
    except ValueError:
        raise ValueError(
            f"{name} must be minutes separated by commas, e.g. 1,10 (got {text!r})"
        ) from None
    return tuple(int(step) if step.is_integer() else step for step in steps)


def _parse_numbers(name: str, text: str) -> tuple[float, ...]:
    """Comma-separated numbers; an empty text means none (the defaults)."""
    try:
        return tuple(float(part) for part in text.split(",")) if text else ()
    except ValueError:
        raise ValueError(f"{name} must be numbers separated by commas (got {text!r})") from None


def _parse_retention(name: str, text: str) -> float:
    low, high = RETENTION_INPUT_RANGE
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not low <= value <= high:
        raise ValueError(f"{name} must be a number from {low:.2f} to {high:.2f} (got {text!r})")
    return value

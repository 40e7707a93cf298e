"""A clock for StudySession that stands still unless moved, shared by the concepts and TUI tests."""

from __future__ import annotations

from datetime import datetime, timedelta


class Clock:
    """Callable like `utc_now`; returns the same moment until advanced or set."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current += delta

    def set(self, moment: datetime) -> None:
        self.current = moment

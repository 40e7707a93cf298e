"""Fixtures for the TUI tests: a fixed clock, an app factory on the test decks, the saved progress."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fixed_clock import Clock
from tui_support import TEST_DECKS

from dlprep.concepts.decks import load_decks
from dlprep.concepts.session import StudySession, TodayProgress
from dlprep.concepts.store import Store
from dlprep.tui.app import DlprepApp


@pytest.fixture(autouse=True)
def fixed_interval_fuzz() -> None:
    """py-fsrs fuzzes long intervals with the global `random`; a fixed seed keeps previews stable."""
    random.seed(20250303)


@pytest.fixture
def clock() -> Clock:
    """A fixed instant (midday UTC), so counts and intervals are the same on every run."""
    return Clock(datetime(2025, 3, 3, 12, 0, tzinfo=UTC))


@pytest.fixture
def make_app(clock: Clock) -> Callable[..., DlprepApp]:
    """Build a DlprepApp on the test decks (or `deck_paths`) with the fixed clock."""

    def make(deck_paths: list[Path] | None = None) -> DlprepApp:
        return DlprepApp(deck_paths=deck_paths or [TEST_DECKS], now=clock)

    return make


@pytest.fixture
def app(make_app: Callable[..., DlprepApp]) -> DlprepApp:
    """The app on the fixed test decks."""
    return make_app()


@pytest.fixture
def saved_progress(clock: Clock) -> Callable[[], TodayProgress]:
    """Today's progress as a fresh store connection sees it: proves what was committed."""

    def read() -> TodayProgress:
        with Store.open() as store:
            decks = load_decks([TEST_DECKS]).decks
            return StudySession(store, decks, store.load_settings(), now=clock).progress()

    return read

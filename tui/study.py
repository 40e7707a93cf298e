"""What the TUI opens at start-up: the learner's store and settings first, then decks and session.

The store is opened before the first frame (a broken store must stop the app at once); the
decks are parsed just after that frame, and the scheduling session starts from them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from dlprep.concepts.decks import DeckLoadResult
from dlprep.concepts.session import StudySession
from dlprep.concepts.settings import Settings
from dlprep.concepts.store import Store


@dataclass
class Learner:
    """The open store and the settings read from it."""

    store: Store
    settings: Settings

    def save_language(self, language: str) -> None:
        """Remember `language` for the next start. Raises StoreError if the store cannot be written."""
        self.save_settings(replace(self.settings, language=language))

    def save_settings(self, settings: Settings) -> None:
        """Save `settings` (Raises StoreError if the store cannot be written), then use them."""
        self.store.save_settings(settings)
        self.settings = settings


def open_learner(store_path: Path | None) -> Learner:
    """Open (create or migrate) the store and read the settings. Raises StoreError for the user."""
    store = Store.open(store_path)
    try:
        return Learner(store=store, settings=store.load_settings())
    except BaseException:
        store.close()
        raise


@dataclass(frozen=True)
class Study:
    """The loaded decks (with the skipped ones and why) and the session scheduling them."""

    decks: DeckLoadResult
    session: StudySession


def start_study(learner: Learner, decks: DeckLoadResult, now: Callable[[], datetime]) -> Study:
    """Start scheduling the loaded decks with the learner's store and settings."""
    session = StudySession(learner.store, decks.decks, learner.settings, now=now)
    return Study(decks=decks, session=session)

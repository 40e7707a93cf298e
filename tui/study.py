"""Opening a study session for the TUI: decks, store, settings and scheduler in one object."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from dlprep.concepts.decks import DeckLoadResult, load_decks
from dlprep.concepts.session import StudySession, utc_now
from dlprep.concepts.settings import Settings
from dlprep.concepts.store import Store


@dataclass
class Study:
    """Everything the screens need: the loaded decks (and skipped ones), the open store,
    the learner's settings and the scheduling session."""

    decks: DeckLoadResult
    store: Store
    settings: Settings
    session: StudySession

    def save_language(self, language: str) -> None:
        """Remember `language` for the next start. Raises StoreError if the store cannot be written."""
        self.settings = replace(self.settings, language=language)
        self.store.save_settings(self.settings)

    def close(self) -> None:
        """Close the store (every rating is already committed)."""
        self.store.close()


def open_study(
    deck_paths: Sequence[Path] | None,
    store_path: Path | None,
    now: Callable[[], datetime] = utc_now,
) -> Study:
    """Load the decks (None: the built-in ones), open the store and start a session.

    Raises StoreError, whose message is meant for the user, when the store cannot be opened.
    """
    decks = load_decks(deck_paths)
    store = Store.open(store_path)
    try:
        settings = store.load_settings()
        session = StudySession(store, decks.decks, settings, now=now)
    except BaseException:
        store.close()
        raise
    return Study(decks=decks, store=store, settings=settings, session=session)

"""Fixtures for the content tests: the built-in decks as loaded by dlprep, and the content checklist."""

from __future__ import annotations

import pytest
from content_checklist import Checklist, checklist_path, load_checklist, shared_dir

from dlprep.concepts.decks import DeckLoadResult, load_decks
from dlprep.concepts.model import Card


@pytest.fixture(scope="session")
def builtin() -> DeckLoadResult:
    """The built-in decks, loaded and validated the way the app loads them."""
    return load_decks()


@pytest.fixture(scope="session")
def cards(builtin: DeckLoadResult) -> list[Card]:
    """Every card of every built-in deck that loaded."""
    return [card for deck in builtin.decks for card in deck.cards]


@pytest.fixture(scope="session")
def checklist() -> Checklist:
    """../shared/CONTENT_TOPICS.md parsed; a clear failure (not a skip) when it is missing."""
    try:
        path = checklist_path(shared_dir())
    except FileNotFoundError as error:
        pytest.fail(str(error), pytrace=False)
    return load_checklist(path)

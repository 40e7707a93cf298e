"""Fixtures for the content tests: the built-in decks as loaded by dlprep, and the content checklists."""

from __future__ import annotations

import pytest
from content_checklist import Checklist, combine, load_all, shared_dir
from content_sources import Citations, citations

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
def checklists() -> list[Checklist]:
    """../shared/CONTENT_TOPICS.md and CONTENT_BEYOND.md, each parsed on its own.

    A clear failure (not a skip) when one is missing.
    """
    try:
        return load_all(shared_dir())
    except FileNotFoundError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def checklist(checklists: list[Checklist]) -> Checklist:
    """Both checklist files combined: every topic and exercise the built-in content must cover."""
    return combine(checklists)


@pytest.fixture(scope="session")
def cited(checklist: Checklist) -> Citations:
    """The documents the checklists' source columns cite, which card sources may cite too."""
    return citations(checklist)

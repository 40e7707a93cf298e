"""Fixtures for the concepts tests: deck files written on demand, a settable clock, an open store."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from concepts_support import basic_card, deck_yaml
from fixed_clock import Clock

from dlprep.concepts.decks import load_decks
from dlprep.concepts.model import Deck
from dlprep.concepts.session import StudySession
from dlprep.concepts.settings import Settings
from dlprep.concepts.store import Store

WriteDeck = Callable[..., Path]


@pytest.fixture
def deck_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "decks"
    directory.mkdir()
    return directory


@pytest.fixture
def write_deck(deck_dir: Path) -> WriteDeck:
    """Write YAML text (dedented) or raw bytes to `deck_dir/name` and return the path."""

    def write(name: str, content: str | bytes) -> Path:
        path = deck_dir / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
        return path

    return write


@pytest.fixture
def clock() -> Clock:
    """Midday UTC on a Monday; the study day starts at 04:00 UTC (the session zone is UTC)."""
    return Clock(datetime(2025, 3, 3, 12, 0, tzinfo=UTC))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "store" / "dlprep.sqlite3") as opened:
        yield opened


@pytest.fixture
def small_decks(write_deck: WriteDeck) -> list[Deck]:
    """Two decks: "alpha" with cards a1..a3, "beta" with b1..b2."""
    write_deck(
        "1-alpha.yaml", deck_yaml("alpha", [basic_card(f"a{index}") for index in range(1, 4)])
    )
    path = write_deck(
        "2-beta.yaml", deck_yaml("beta", [basic_card(f"b{index}") for index in range(1, 3)])
    )
    result = load_decks([path.parent])
    assert not result.problems
    return result.decks


MakeSession = Callable[..., StudySession]


@pytest.fixture
def make_session(store: Store, small_decks: list[Deck], clock: Clock) -> MakeSession:
    """A session on `small_decks` in UTC with the fixed clock; keyword arguments change Settings."""

    def make(decks: list[Deck] | None = None, **settings: object) -> StudySession:
        return StudySession(store, decks or small_decks, Settings(**settings), now=clock, zone=UTC)

    return make


@pytest.fixture
def session(make_session: MakeSession) -> StudySession:
    return make_session()


@pytest.fixture
def one_day() -> timedelta:
    return timedelta(days=1)

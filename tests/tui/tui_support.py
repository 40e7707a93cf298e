"""Shared helpers of the TUI tests: the fixed deck directories and terminal size; the fixed clock comes from tests/fixed_clock.py."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Markdown

from dlprep.tui.app import DlprepApp

TEST_DECKS = Path(__file__).parent / "decks"
BROKEN_DECKS = Path(__file__).parent / "broken_decks"
TERMINAL_SIZE = (100, 32)
FAKE_WORKER = [sys.executable, str(Path(__file__).parent / "fake_worker.py")]
"""A stand-in grader worker (no torch) with deterministic answers; see fake_worker.py."""
REQUEST_POLLS = 400  # of 50 ms each
DECK_LOAD_POLLS = 1000  # of 10 ms each


def table_rows(app: DlprepApp) -> list[list[str]]:
    """The Home deck table as text, one list per row."""
    table = app.screen.query_one("#decks", DataTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


def markdown_source(app: DlprepApp, widget_id: str) -> str:
    """The Markdown text shown by the Review screen's `#front` or `#back` widget."""
    return app.screen.query_one(f"#{widget_id}", Markdown).source


def notification_messages(app: DlprepApp) -> list[str]:
    """The messages of the notifications the app has raised (run_test keeps them off screen)."""
    return [str(notification.message) for notification in app._notifications]


async def wait_for_decks(pilot: Pilot[None]) -> None:
    """Wait until the app has loaded its decks (just after its first frame) and redrawn Home."""
    app = pilot.app
    assert isinstance(app, DlprepApp)
    for _ in range(DECK_LOAD_POLLS):
        if app.ready:
            await pilot.pause()
            return
        await pilot.pause(0.01)
    raise AssertionError("the app did not finish loading its decks")


@asynccontextmanager
async def started(app: DlprepApp) -> AsyncIterator[Pilot[None]]:
    """Run `app` headless at the test terminal size, with its decks loaded."""
    async with app.run_test(size=TERMINAL_SIZE) as pilot:
        await wait_for_decks(pilot)
        yield pilot


async def until_idle(pilot: Pilot[None]) -> None:
    """Wait until the exercise screen's run or submission has finished."""
    screen = pilot.app.screen
    for _ in range(REQUEST_POLLS):
        await pilot.pause(0.05)
        if not getattr(screen, "busy", False):
            return
    raise AssertionError("the request never finished")

"""Shared helpers of the TUI tests: the fixed deck directories, terminal size, a settable clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from textual.widgets import DataTable, Markdown

from dlprep.tui.app import DlprepApp

TEST_DECKS = Path(__file__).parent / "decks"
BROKEN_DECKS = Path(__file__).parent / "broken_decks"
TERMINAL_SIZE = (100, 32)


class Clock:
    """A clock for StudySession that stands still unless advanced."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current += delta


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

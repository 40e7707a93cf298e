"""Today's progress on Home: cards reviewed today, due and new cards left, and the streak."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from dlprep.concepts.session import TodayProgress
from dlprep.tui.labels import label

_FIGURES = ("reviewed_today", "due_left", "new_left", "exercises_due", "streak")


class TodayPanel(Horizontal):
    """Five figures side by side, each a number over its label."""

    def compose(self) -> ComposeResult:
        for key in _FIGURES:
            yield Static("…", id=f"today-{key}", classes="figure")

    def show(self, progress: TodayProgress, language: str, exercises_due: int = 0) -> None:
        """Display `progress` with labels in `language`."""
        values = {
            "reviewed_today": progress.reviewed,
            "due_left": progress.due,
            "new_left": progress.new,
            "streak": progress.streak_days,
            "exercises_due": exercises_due,
        }
        for key in _FIGURES:
            figure = self.query_one(f"#today-{key}", Static)
            figure.update(Content.assemble((str(values[key]), "bold"), "\n", label(key, language)))

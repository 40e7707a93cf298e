"""The History tab: every graded attempt of the exercise, newest first; enter reopens one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable

from dlprep.concepts.exercise_log import Attempt
from dlprep.tui.labels import label

RATING_LABELS = {1: "again", 2: "hard", 3: "good", 4: "easy"}


class AttemptHistory(Vertical):
    def compose(self) -> ComposeResult:
        yield DataTable(id="history-table", cursor_type="row")

    def show(self, attempts: list[Attempt], language: str) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        for key in ("col_when", "col_score", "col_status", "col_rating"):
            table.add_column(label(key, language), key=key)
        for attempt in attempts:
            rating = RATING_LABELS.get(attempt.rating or 0)
            table.add_row(
                attempt.finished_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                f"{attempt.score:g}/{attempt.max_score:g}",
                "✓" if attempt.passed else "✗",
                label(rating, language) if rating else "—",
                key=str(attempt.id),
            )

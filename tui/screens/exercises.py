"""Exercises: every exercise with its status, kind, level, tags and best score; type to filter.

Opening this screen starts the warm grader worker in the background (torch and the sandbox
boot there while the learner reads the list), so a submission is answered quickly.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Header, Input
from textual.widgets.data_table import ColumnKey

from dlprep.tui.bindings import EXERCISES_BINDINGS
from dlprep.tui.exercise_catalog import ExerciseRow
from dlprep.tui.labels import inline_text, label
from dlprep.tui.screens.base import StudyScreen
from dlprep.tui.widgets.steady_footer import SteadyFooter

COLUMNS = (
    "col_id",
    "col_title",
    "col_status",
    "col_kind",
    "col_difficulty",
    "col_tags",
    "col_best",
)


class ExercisesScreen(StudyScreen):
    """The list; `query` pre-fills the filter (Home's "due exercises" opens it with "due")."""

    BINDINGS: ClassVar[list[BindingType]] = [*EXERCISES_BINDINGS]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self._query = query

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="exercises"):
            yield Input(value=self._query, id="exercise-filter")
            yield DataTable(id="exercise-table", cursor_type="row", zebra_stripes=True)
        yield SteadyFooter()

    def on_mount(self) -> None:
        # StudyScreen's own setup runs as its separate Mount handler (screens/base.py).
        self.query_one(Input).focus()
        self.run_worker(self.dlprep.grader_client.start(), exclusive=True, group="warm")
        self.redraw()

    def on_screen_resume(self) -> None:
        self.redraw()

    async def on_language_changed(self, language: str) -> None:
        self.redraw()

    @on(Input.Changed, "#exercise-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._query = event.value
        self.redraw()

    def rows(self) -> list[ExerciseRow]:
        """The exercises the filter keeps."""
        if not self.dlprep.ready:
            return []
        rows = self.dlprep.catalog.rows(self.study.session)
        return [row for row in rows if row.matches(self._query)]

    def redraw(self) -> None:
        language = self.language
        self.sub_title = label("exercises", language)
        self.query_one(Input).placeholder = label("filter_placeholder", language)
        table = self.query_one(DataTable)
        selected = self._selected_id()
        table.clear()
        if not table.columns:
            for key in COLUMNS:
                table.add_column(label(key, language), key=key)
        for key in COLUMNS:  # relabelled in place: re-added columns lose their auto widths
            column = table.columns[ColumnKey(key)]
            column.label = Text(label(key, language))
            column.content_width = max(column.content_width, column.label.cell_len)
        for row in self.rows():
            exercise, status = row.exercise, row.status
            best = (
                "—"
                if status.best_score is None
                else f"{status.best_score:g}/{status.max_score or 0:g}"
            )
            table.add_row(
                exercise.id,
                inline_text(exercise.title, language),
                label(f"status_{status.status}", language),
                exercise.kind,
                "★" * exercise.difficulty,
                ", ".join(exercise.tags),
                best,
                key=exercise.id,
            )
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected))

    def _selected_id(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def on_key(self, event: object) -> None:
        """Up/down in the filter move through the list."""
        key = getattr(event, "key", "")
        if key in ("up", "down") and self.query_one(Input).has_focus:
            table = self.query_one(DataTable)
            table.action_cursor_down() if key == "down" else table.action_cursor_up()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.open(str(event.row_key.value))

    def action_open_selected(self) -> None:
        selected = self._selected_id()
        if selected is not None:
            self.open(selected)

    def open(self, exercise_id: str) -> None:
        from dlprep.tui.screens.exercise import ExerciseScreen  # lazy: the editor and Markdown

        self.app.push_screen(ExerciseScreen(self.dlprep.catalog.get(exercise_id)))

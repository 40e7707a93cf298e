"""The Results tab: a one-line verdict, the table of tests (failures grouped), the selected row's output."""

from __future__ import annotations

from rich.syntax import Syntax
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from dlprep.tui.labels import label
from dlprep.tui.report_view import STATUS_MARKS, ResultRow, result_rows, score_line


class ResultsView(Vertical):
    """Shows one report (a grading or a reopened attempt), a run's output, or a verdict."""

    def __init__(self, **options: object) -> None:
        super().__init__(**options)  # type: ignore[arg-type]
        self._rows: list[ResultRow] = []

    def compose(self) -> ComposeResult:
        yield Static(id="results-summary")
        yield DataTable(id="results", cursor_type="row")
        with VerticalScroll(id="results-detail-scroll"):
            yield Static(id="results-detail")

    def on_mount(self) -> None:
        self.query_one(DataTable).display = False

    def show_report(
        self, report: dict[str, object], language: str, seconds: float, notes: list[str]
    ) -> None:
        """The report's tests; `notes` (cards due again, the rating) go under the score."""
        self._rows = result_rows(report, language)
        summary = "\n".join([score_line(report, language, seconds), *notes])
        self.query_one("#results-summary", Static).update(Text(summary))
        table = self.query_one(DataTable)
        table.clear(columns=True)
        for key in ("col_status", "col_points", "col_test", "col_message"):
            table.add_column(label(key, language), key=key)
        for index, row in enumerate(self._rows):
            table.add_row(
                f"{STATUS_MARKS.get(row.status, '?')} {row.status}",
                f"{row.score:g}/{row.max_score:g}",
                Text(row.label),
                Text(row.headline[:120]),
                key=str(index),
            )
        table.display = True
        self._show_detail(0)

    def show_text(self, heading: str, body: str, code: str | None = None) -> None:
        """A verdict or a run's output (no table); `code` is shown highlighted below it."""
        self._rows = []
        self.query_one(DataTable).display = False
        self.query_one("#results-summary", Static).update(Text(heading))
        detail: Text | Syntax = Text(body)
        if code is not None:
            detail = Syntax(code, "python", line_numbers=True)
        self.query_one("#results-detail", Static).update(detail)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._show_detail(int(event.row_key.value))

    def _show_detail(self, index: int) -> None:
        detail = self._rows[index].detail if 0 <= index < len(self._rows) else ""
        self.query_one("#results-detail", Static).update(Text(detail))

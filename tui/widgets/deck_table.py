"""The deck list on Home: one row per deck with its due, new and total card counts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from textual import events
from textual.binding import BindingType
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from dlprep.concepts.session import DeckSummary
from dlprep.tui.bindings import DECK_TABLE_BINDINGS
from dlprep.tui.labels import inline_text, label

_COLUMNS = ("deck", "due", "new", "total")


class DeckTable(DataTable[str | int]):
    """A row-cursor table of decks; the row key is the deck id. Enter or one click selects a deck."""

    BINDINGS: ClassVar[list[BindingType]] = [*DECK_TABLE_BINDINGS]
    DEFAULT_CLASSES = "relabel"  # its "Review deck" key follows the language (StudyScreen)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def show(self, summaries: Sequence[DeckSummary], language: str) -> None:
        """Replace the rows with `summaries`, keeping the cursor on the same row.

        Column widths are measured here (in terminal cells, so Chinese counts double): DataTable's
        own auto-width can draw rows at the header's width when the table is refilled.
        """
        cursor_row = self.cursor_row
        rows = [
            (inline_text(s.deck.title, language), s.due, s.new, s.total, s.deck.id)
            for s in summaries
        ]
        self.clear(columns=True)
        for index, key in enumerate(_COLUMNS):
            heading = label(key, language)
            width = max([cell_len(heading), *(cell_len(str(row[index])) for row in rows)])
            self.add_column(heading, key=key, width=width)
        for title, due, new, total, deck_id in rows:
            self.add_row(title, due, new, total, key=deck_id)
        if self.row_count:
            self.move_cursor(row=min(cursor_row, self.row_count - 1), animate=False)

    def on_click(self, event: events.Click) -> None:
        """Move the cursor to the clicked row first, so DataTable treats the click as a selection.

        DataTable itself only highlights a row on the first click and selects it on the second;
        this handler runs before DataTable's own click handler.
        """
        row, column = event.style.meta.get("row"), event.style.meta.get("column")
        if isinstance(row, int) and isinstance(column, int) and row >= 0:
            self.cursor_coordinate = Coordinate(row, column)

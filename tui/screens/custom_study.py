"""Custom study (`c` on Home): review ahead N days, N more new cards today, or cram a deck or tag.

Each row is a number or a name and a button (Enter in the field does the same). Review ahead
and cram open the Review screen in that mode (concepts/custom_study.py); a cram never changes
the schedule. Bad input is refused on the row with the reason.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Header, Input, Label, Static

from dlprep.concepts.custom_study import Cram, ReviewAhead
from dlprep.concepts.store import StoreError
from dlprep.tui.bindings import CUSTOM_STUDY_BINDINGS
from dlprep.tui.labels import label, message
from dlprep.tui.screens.base import StudyScreen

ROWS: dict[str, str] = {"ahead": "7", "more-new": "10", "cram": ""}
"""Each option's id and the value its field starts with."""


def parse_count(text: str) -> int:
    """A whole number from 1 to 999. Raises ValueError with the reason."""
    try:
        value = int(text.strip())
    except ValueError:
        raise ValueError(f"expected a whole number, got {text.strip()!r}") from None
    if not 1 <= value <= 999:
        raise ValueError(f"expected a number from 1 to 999, got {value}")
    return value


class CustomStudyScreen(StudyScreen):
    """Three ways to study beyond today's schedule."""

    BINDINGS: ClassVar[list[BindingType]] = [*CUSTOM_STUDY_BINDINGS]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="custom-study"):
            for row, value in ROWS.items():
                with Horizontal(classes="custom-row"):
                    yield Label(id=f"custom-{row}-label", classes="custom-name")
                    yield Input(value, id=f"custom-{row}", classes="custom-field")
                    yield Button("", id=f"custom-{row}-go", name=row, classes="custom-go")
                yield Static(id=f"custom-{row}-error", classes="setting-error")
        yield Footer()

    def on_mount(self) -> None:
        self._show_labels(self.language)
        for error in self.query(".setting-error").results(Static):
            error.display = False
        self.query_one("#custom-ahead", Input).focus()

    async def on_language_changed(self, language: str) -> None:
        self._show_labels(language)

    def _show_labels(self, language: str) -> None:
        self.sub_title = label("custom", language)
        self.query_one("#custom-cram", Input).placeholder = label(
            "custom.cram-placeholder", language
        )
        for row in ROWS:
            self.query_one(f"#custom-{row}-label", Label).update(label(f"custom.{row}", language))
            self.query_one(f"#custom-{row}-go", Button).label = label(f"custom.{row}-go", language)

    @on(Button.Pressed, ".custom-go")
    def _pressed(self, event: Button.Pressed) -> None:
        self.run(event.button.name or "")

    @on(Input.Submitted, ".custom-field")
    def _submitted(self, event: Input.Submitted) -> None:
        self.run((event.input.id or "").removeprefix("custom-"))

    def run(self, row: str) -> None:
        """Start the option `row` with its field's value; show why when the value is refused."""
        text = self.query_one(f"#custom-{row}", Input).value
        try:
            if row == "ahead":
                self.review_ahead(parse_count(text))
            elif row == "more-new":
                self.more_new(parse_count(text))
            elif row == "cram":
                self.cram(text.strip())
        except (ValueError, StoreError) as error:
            self._show_error(row, str(error))
            return
        self._show_error(row, None)

    def review_ahead(self, days: int) -> None:
        from dlprep.tui.screens.review import ReviewScreen  # lazy, as on Home

        mode = ReviewAhead(self.study.session, days)
        title = message("custom.ahead-title", self.language, days=days)
        self.app.push_screen(ReviewScreen(None, mode, title))

    def more_new(self, count: int) -> None:
        self.study.session.add_new_cards_today(count)
        self.notify(message("custom.more-new-done", self.language, count=count))

    def cram(self, target: str) -> None:
        """Cram `target`: a deck id, or `tag:NAME`."""
        from dlprep.tui.screens.review import ReviewScreen

        session = self.study.session
        tag = target.removeprefix("tag:") if target.startswith("tag:") else None
        deck_ids = {deck.id for deck in session.decks}
        if tag is None and target not in deck_ids:
            raise ValueError(
                message(
                    "custom.cram-unknown",
                    self.language,
                    target=target,
                    decks=", ".join(sorted(deck_ids)),
                )
            )
        mode = Cram.of(session, deck_id=None if tag else target, tag=tag)
        if mode.next_card() is None:
            raise ValueError(message("custom.cram-empty", self.language, target=target))
        title = message("custom.cram-title", self.language, target=target)
        self.app.push_screen(ReviewScreen(None, mode, title))

    def _show_error(self, row: str, problem: str | None) -> None:
        error = self.query_one(f"#custom-{row}-error", Static)
        error.display = problem is not None
        error.update(problem or "")

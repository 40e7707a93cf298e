"""Browse: search every study card by text, tag, deck and state; see one card's history; change its state.

The search box takes words (either language) and `tag:`, `deck:`, `is:` terms (concepts/browse.py).
With the result list focused: `s` suspends or unsuspends, `-` buries or unburies, `n` resets to
new, `x` clears the leech flag; `/` goes back to the search box. The deck YAML stays the source
of card text: the browser changes only progress.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Input, Static

from dlprep.concepts.browse import card_states, parse_query, search
from dlprep.concepts.model import Card
from dlprep.concepts.store import StoreError
from dlprep.tui.bindings import BROWSE_BINDINGS
from dlprep.tui.labels import inline_text, label, message
from dlprep.tui.screens.base import StudyScreen
from dlprep.tui.widgets.card_detail import CardDetail, due_text, state_names

MAX_ROWS = 500
_CARD_ACTIONS = frozenset({"toggle_suspend", "toggle_bury", "forget", "clear_leech"})


class BrowseScreen(StudyScreen):
    """A search box, the matching cards, and the highlighted card's details."""

    BINDINGS: ClassVar[list[BindingType]] = [*BROWSE_BINDINGS]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial_query = query
        self.results: list[Card] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(self.initial_query, id="browse-search")
        yield Static(id="browse-count")
        with Horizontal(id="browse"):
            yield DataTable(id="browse-results", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="browse-detail-pane"):
                yield CardDetail(id="browse-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = label("browse", self.language)
        search_box = self.query_one("#browse-search", Input)
        search_box.placeholder = label("browse.placeholder", self.language)
        self.refresh_results()
        self.query_one("#browse-results", DataTable).focus()

    async def on_language_changed(self, language: str) -> None:
        self.sub_title = label("browse", language)
        self.query_one("#browse-search", Input).placeholder = label("browse.placeholder", language)
        self.refresh_results()

    @property
    def selected(self) -> Card | None:
        table = self.query_one("#browse-results", DataTable)
        if not self.results or table.cursor_row < 0 or table.cursor_row >= len(self.results):
            return None
        return self.results[table.cursor_row]

    @on(Input.Changed, "#browse-search")
    def _query_changed(self) -> None:
        self.refresh_results()

    @on(Input.Submitted, "#browse-search")
    def _query_submitted(self) -> None:
        self.query_one("#browse-results", DataTable).focus()

    def refresh_results(self) -> None:
        """Search again and redraw the list, keeping the cursor row."""
        session, language = self.study.session, self.language
        query = parse_query(self.query_one("#browse-search", Input).value)
        records, now = session.store.card_records(), session.now()
        self.results = search(session.study_cards().values(), records, query, now)
        table = self.query_one("#browse-results", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        for key in ("browse.card", "deck", "browse.state", "browse.next-due"):
            table.add_column(label(key, language), key=key)
        titles = {deck.id: inline_text(deck.title, language) for deck in session.decks}
        for card in self.results[:MAX_ROWS]:
            record = records.get(card.id) or session.record(card)
            cells = (
                card.id,
                titles[card.deck_id],
                state_names(record, now, language),
                due_text(record, language),
            )
            table.add_row(*cells, key=card.id)
        count = message(
            "browse.count",
            language,
            shown=min(len(self.results), MAX_ROWS),
            total=len(self.results),
        )
        problems = " · ".join(query.problems)
        self.query_one("#browse-count", Static).update(f"{count}  {problems}".rstrip())
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1), animate=False)
        self.show_detail()

    @on(DataTable.RowHighlighted, "#browse-results")
    def _highlighted(self) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        detail = self.query_one(CardDetail)
        card = self.selected
        if card is None:
            detail.update(label("browse.none", self.language))
            return
        session = self.study.session
        history = session.store.reviews_of(card.id)
        detail.show(card, session.record(card), history, session.now(), self.language)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _CARD_ACTIONS:
            return self.selected is not None
        return True

    def action_toggle_suspend(self) -> None:
        """Suspend the card, or put a suspended one back into study."""
        session = self.study.session
        self._change(
            lambda card: (session.unsuspend if session.is_suspended(card) else session.suspend)(
                card
            )
        )

    def action_toggle_bury(self) -> None:
        """Bury the card until tomorrow, or unbury a buried one."""
        session = self.study.session
        now = session.now()
        self._change(
            lambda card: (
                session.unbury
                if "buried" in card_states(session.record(card), now)
                else session.bury
            )(card)
        )

    def action_forget(self) -> None:
        """Reset the card to new; its review history stays."""
        self._change(self.study.session.forget)

    def action_clear_leech(self) -> None:
        """Take the leech flag off the card."""
        self._change(self.study.session.clear_leech)

    def action_focus_search(self) -> None:
        self.query_one("#browse-search", Input).focus()

    def _change(self, change: Callable[[Card], None]) -> None:
        card = self.selected
        if card is None:
            return
        try:
            change(card)
        except StoreError as error:
            self.notify(str(error), title=label("not_set_aside", self.language), severity="error")
            return
        self.refresh_results()

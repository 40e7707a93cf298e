"""Home: the decks with their due/new/total counts, today's progress, and decks that failed to load."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static

from dlprep.tui.bindings import HOME_BINDINGS
from dlprep.tui.labels import label, message
from dlprep.tui.screens.base import StudyScreen
from dlprep.tui.widgets.deck_table import DeckTable
from dlprep.tui.widgets.skipped_decks import SkippedDecks
from dlprep.tui.widgets.today import TodayPanel


class HomeScreen(StudyScreen):
    """Pick what to review: everything due (`r`) or one deck (Enter or a click on its row).

    It shows "Loading decks…" until the app's decks are loaded (`DlprepApp.ready`).
    """

    BINDINGS: ClassVar[list[BindingType]] = [*HOME_BINDINGS]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield TodayPanel(id="today")
            yield Static(id="decks-heading", classes="heading")
            yield DeckTable(id="decks")
            yield SkippedDecks(id="skipped")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = label("home", self.language)
        self.query_one("#decks-heading", Static).update(label("loading", self.language))
        self.query_one(SkippedDecks).display = False
        self.query_one(DeckTable).focus()
        self.watch(self.app, "ready", self.on_ready, init=True)

    def on_ready(self, ready: bool) -> None:
        """Fill the screen once the decks are loaded, and warn about decks that were skipped."""
        if not ready:
            return
        self.refresh_counts()
        skipped = self.study.decks.skipped
        if skipped:
            names = ", ".join(path.name for path in skipped)
            language = self.language
            text = message("decks_skipped", language, count=len(skipped), names=names)
            self.notify(text, title=label("deck_problems", language), severity="warning")

    def on_screen_resume(self) -> None:
        self.refresh_counts()

    async def on_language_changed(self, language: str) -> None:
        self.sub_title = label("home", language)
        self.refresh_counts()

    def refresh_counts(self) -> None:
        """Redraw deck counts and today's progress from the session (once the decks are loaded)."""
        if not self.dlprep.ready:
            return
        session, language = self.study.session, self.language
        exercises_due = self.dlprep.catalog.due_count(session)
        self.query_one(TodayPanel).show(session.progress(), language, exercises_due)
        self.query_one("#decks-heading", Static).update(label("decks", language))
        self.query_one(DeckTable).show(session.deck_summaries(), language)
        self.query_one(SkippedDecks).show(self.study.decks.skipped, language)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Reviewing needs the decks loaded."""
        return action not in ("review_all", "exercises", "due_exercises") or self.dlprep.ready

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.start_review(event.row_key.value)

    def action_exercises(self) -> None:
        """The Exercises list (the warm grader starts when it opens)."""
        from dlprep.tui.screens.exercises import ExercisesScreen

        self.app.push_screen(ExercisesScreen())

    def action_due_exercises(self) -> None:
        """The Exercises list showing only the exercises due again."""
        from dlprep.tui.screens.exercises import ExercisesScreen

        self.app.push_screen(ExercisesScreen(query="due"))

    def action_review_all(self) -> None:
        """Review everything due today, across all decks."""
        self.start_review(None)

    def start_review(self, deck_id: str | None) -> None:
        """Open the Review screen for `deck_id` (None: all decks)."""
        from dlprep.tui.screens.review import (
            ReviewScreen,  # lazy: Markdown is not needed at start-up
        )

        self.app.push_screen(ReviewScreen(deck_id))

    def palette_commands(self) -> Iterable[SystemCommand]:
        if not self.dlprep.ready:
            return
        yield SystemCommand("Exercises", "Write and submit coding exercises", self.action_exercises)
        yield SystemCommand(
            "Due exercises", "The exercises due again today", self.action_due_exercises
        )
        yield SystemCommand(
            "Review all due",
            "Review every card due today, across all decks",
            self.action_review_all,
        )
        for summary in self.study.session.deck_summaries():
            deck = summary.deck

            def review(deck_id: str = deck.id) -> None:
                self.start_review(deck_id)

            yield SystemCommand(
                f"Review deck: {deck.title.en}",
                f"{deck.title.zh} · due {summary.due}, new {summary.new}",
                review,
            )

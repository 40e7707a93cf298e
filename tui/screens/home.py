"""Home: the decks with their due/new/total counts, today's progress, and decks that failed to load.

From here `r` reviews, `e` lists the exercises, `s` opens the stats, `b` the card browser,
`,` the settings, `?` the key help, `q` quits (the footer shows all of them at 80 columns);
the command palette (ctrl+p) offers the same in the learner's language, plus reviewing one
deck, opening one exercise, custom study and exporting all progress.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterable
from typing import ClassVar

from textual.app import ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static

from dlprep.tui.bindings import HOME_BINDINGS
from dlprep.tui.export import default_export_path, export_progress
from dlprep.tui.labels import inline_text, label, message
from dlprep.tui.palette import palette_command
from dlprep.tui.screens.base import StudyScreen
from dlprep.tui.widgets.deck_table import DeckTable
from dlprep.tui.widgets.skipped_decks import SkippedDecks
from dlprep.tui.widgets.today import TodayPanel

SCREENS: dict[str, tuple[str, str]] = {
    "settings": ("dlprep.tui.screens.settings", "SettingsScreen"),
    "browse": ("dlprep.tui.screens.browse", "BrowseScreen"),
    "stats": ("dlprep.tui.screens.stats", "StatsScreen"),
    "custom": ("dlprep.tui.screens.custom_study", "CustomStudyScreen"),
}
"""The screens Home opens by name: module and class, imported when first opened (start-up stays light)."""


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
        yield Footer(compact=True)

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
        """Reviewing, browsing and stats need the decks loaded."""
        if action == "open":
            return parameters == ("settings",) or self.dlprep.ready
        return action not in ("review_all", "exercises", "due_exercises") or self.dlprep.ready

    def action_open(self, name: str) -> None:
        """Open the screen `name` of SCREENS."""
        if not self.check_action("open", (name,)):
            return
        module_name, class_name = SCREENS[name]
        screen_class = getattr(importlib.import_module(module_name), class_name)
        self.app.push_screen(screen_class())

    def action_export(self) -> None:
        """Export all progress as JSON to the default path, in a thread; a notification tells how it went."""
        path = default_export_path(self.study.session.now())

        def run() -> None:
            problem = export_progress(path)
            language = self.language
            if problem is None:
                self.app.call_from_thread(self.notify, message("exported", language, path=path))
            else:
                title = label("export_failed", language)
                self.app.call_from_thread(self.notify, problem, title=title, severity="error")

        self.run_worker(run, thread=True, group="export")

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
        language = self.language
        if not self.dlprep.ready:
            yield self._command("settings", lambda: self.action_open("settings"))
            return
        yield self._command("review-all", self.action_review_all)
        yield self._command("exercises", self.action_exercises)
        yield self._command("due-exercises", self.action_due_exercises)
        yield from self._exercise_commands()
        for summary in self.study.session.deck_summaries():
            deck = summary.deck

            def review(deck_id: str = deck.id) -> None:
                self.start_review(deck_id)

            title = message("palette.review-deck", language, deck=inline_text(deck.title, language))
            help_text = message(
                "palette.review-deck-help", language, due=summary.due, new=summary.new
            )
            yield SystemCommand(title, help_text, review)
        for name in ("browse", "stats", "settings", "custom"):
            yield self._command(name, lambda name=name: self.action_open(name))  # type: ignore[misc]
        yield from self._custom_study_commands()
        path = default_export_path(self.study.session.now())
        yield self._command("export", self.action_export, path=path)

    def _exercise_commands(self) -> Iterable[SystemCommand]:
        """ "Open exercise: <title>" for every exercise, with its id and status as help."""
        language = self.language
        for row in self.dlprep.catalog.rows(self.study.session):
            exercise = row.exercise
            title = inline_text(exercise.title, language)
            status = label(f"status_{row.status.status}", language)
            yield self._command(
                "open-exercise",
                functools.partial(self.open_exercise, exercise.id),
                title=title,
                id=exercise.id,
                status=status,
            )

    def open_exercise(self, exercise_id: str) -> None:
        """Open one exercise's screen (from the palette); the warm grader starts as the list would start it."""
        from dlprep.tui.screens.exercise import ExerciseScreen  # lazy: the editor and Markdown

        self.run_worker(self.dlprep.grader_client.start(), exclusive=True, group="warm")
        self.app.push_screen(ExerciseScreen(self.dlprep.catalog.get(exercise_id)))

    def _custom_study_commands(self) -> Iterable[SystemCommand]:
        """Review ahead a week, 10 more new cards, cram each deck (the custom study screen has more)."""
        from dlprep.tui.screens.custom_study import CustomStudyScreen

        def custom(run: Callable[[CustomStudyScreen], None]) -> Callable[[], None]:
            def start() -> None:
                screen = CustomStudyScreen()
                self.app.push_screen(screen)
                self.app.call_after_refresh(run, screen)

            return start

        yield self._command("ahead", custom(lambda screen: screen.review_ahead(7)))
        yield self._command("more-new", lambda: self._more_new(10))
        language = self.language
        for deck in self.study.session.decks:
            title = message("palette.cram-deck", language, deck=inline_text(deck.title, language))
            help_text = message("palette.cram-deck-help", language)
            cram = functools.partial(CustomStudyScreen.cram, target=deck.id)
            yield SystemCommand(title, help_text, custom(cram))

    def _more_new(self, count: int) -> None:
        self.study.session.add_new_cards_today(count)
        self.notify(message("custom.more-new-done", self.language, count=count))
        self.refresh_counts()

    def _command(
        self, name: str, callback: Callable[[], object], **values: object
    ) -> SystemCommand:
        return palette_command(name, self.language, callback, **values)

"""One exercise: the prompt beside a Python editor; run the worked example, submit, rate, history.

The draft is saved to the store at most DRAFT_SAVE_S after each keystroke (and on leaving),
with the cursor, so a killed app loses at most about that much typing. Grading runs in the
grader worker process (`GraderClient`): the screen stays live, `escape` cancels. After a
graded attempt the suggested rating waits for `1`-`4` or enter; leaving the screen or
submitting again commits the suggestion. See exercise_grading.py for what happens to results.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import (
    DataTable,
    Header,
    Markdown,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)

from dlprep.concepts.exercise_log import Draft, ExerciseLog
from dlprep.concepts.store import StoreError
from dlprep.exercises.registry import Exercise
from dlprep.tui.bindings import EXERCISE_BINDINGS, RATING_BINDINGS
from dlprep.tui.labels import inline_text, label, message
from dlprep.tui.screens.base import StudyScreen
from dlprep.tui.screens.exercise_grading import GradingMixin
from dlprep.tui.widgets.attempt_history import AttemptHistory
from dlprep.tui.widgets.code_editor import CodeEditor
from dlprep.tui.widgets.results_view import ResultsView
from dlprep.tui.widgets.steady_footer import SteadyFooter

DRAFT_SAVE_S = 0.5
TABS = ("prompt", "results", "history")


def prompt_markdown(exercise: Exercise, language: str) -> str:
    """The prompt in `language`; "both" shows English, then Chinese."""
    if language == "both":
        return f"{exercise.prompt('en')}\n\n---\n\n{exercise.prompt('zh')}"
    return exercise.prompt(language)


class ExerciseScreen(GradingMixin, StudyScreen):
    """Write, run and submit one exercise."""

    BINDINGS: ClassVar[list[BindingType]] = [*EXERCISE_BINDINGS, *RATING_BINDINGS]

    def __init__(self, exercise: Exercise) -> None:
        super().__init__()
        self.exercise = exercise
        self._dirty = False
        self._prompt_language = ""
        self._init_grading()

    @property
    def exercise_log(self) -> ExerciseLog:
        return ExerciseLog(self.study.session.store)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="exercise-body"):
            with TabbedContent(id="exercise-tabs", initial="prompt"):
                with TabPane("Prompt", id="prompt"), VerticalScroll(id="prompt-scroll"):
                    yield Markdown(id="prompt-text")
                with TabPane("Results", id="results-tab"):
                    yield ResultsView(id="results-view")
                with TabPane("History", id="history-tab"):
                    yield AttemptHistory(id="history")
            yield CodeEditor.code_editor(language="python", id="editor", soft_wrap=False)
        yield Static(id="exercise-status")
        yield SteadyFooter()

    def on_mount(self) -> None:
        # StudyScreen's own setup runs as its separate Mount handler (screens/base.py).
        editor = self.query_one(TextArea)
        draft = self.exercise_log.draft(self.exercise.id)
        editor.load_text(draft.code if draft else self._starter())
        if draft is not None:
            editor.cursor_location = draft.cursor
        self._dirty = False
        self.set_interval(DRAFT_SAVE_S, self.save_draft)
        self.redraw()
        self.show_idle()
        editor.focus()

    def _starter(self) -> str:
        return self.exercise.starter_path.read_text(encoding="utf-8")

    async def on_language_changed(self, language: str) -> None:
        self.redraw()
        self.redraw_results()

    def redraw(self) -> None:
        language = self.language
        self.sub_title = inline_text(self.exercise.title, language)
        if self._prompt_language != language:  # re-rendering the Markdown costs a second
            self._prompt_language = language
            self.query_one("#prompt-text", Markdown).update(
                prompt_markdown(self.exercise, language)
            )
        tabs = self.query_one(TabbedContent)
        for pane, key in zip(
            ("prompt", "results-tab", "history-tab"),
            ("tab_prompt", "tab_results", "tab_history"),
            strict=True,
        ):
            tabs.get_tab(pane).label = label(key, language)
        self.query_one(AttemptHistory).show(self.exercise_log.attempts(self.exercise.id), language)

    # Drafts

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._dirty = True

    def on_text_area_selection_changed(self, event: TextArea.SelectionChanged) -> None:
        self._dirty = True

    def save_draft(self) -> None:
        """Write the draft and cursor if they changed since the last save (committed)."""
        editors = self.query(TextArea)
        if not self._dirty or not editors:
            return
        editor = editors.first()
        draft = Draft(
            self.exercise.id, editor.text, editor.cursor_location, self.study.session.now()
        )
        try:
            self.exercise_log.save_draft(draft)
        except StoreError as error:
            self.notify(str(error), title=label("draft_not_saved", self.language), severity="error")
            return
        self._dirty = False

    def action_reset(self) -> None:
        """Replace the draft with the starter, after asking."""
        from dlprep.tui.screens.confirm import ConfirmScreen

        def answered(reset: bool | None) -> None:
            if not reset:
                return
            self.query_one(TextArea).load_text(self._starter())
            self.exercise_log.delete_draft(self.exercise.id)
            self._dirty = False
            self.notify(label("reset_done", self.language))

        self.app.push_screen(ConfirmScreen(label("reset_confirm", self.language)), answered)

    def action_external_editor(self) -> None:
        """Suspend the app, edit the draft in $VISUAL/$EDITOR, and load what was saved."""
        editor = self.query_one(TextArea)
        command = shlex.split(os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi")
        with tempfile.TemporaryDirectory(prefix="dlprep-edit-") as directory:
            path = Path(directory) / f"{self.exercise.id}.py"
            path.write_text(editor.text, encoding="utf-8")
            try:
                with self.app.suspend():
                    subprocess.run([*command, str(path)], check=False)
            except (SuspendNotSupported, OSError) as error:
                detail = str(error) or type(error).__name__
                self.notify(
                    message("editor_failed", self.language, detail=detail), severity="error"
                )
                return
            text = path.read_text(encoding="utf-8", errors="replace")
        if text != editor.text:
            editor.load_text(text)
            self._dirty = True
            self.save_draft()

    def passed_fully(self) -> bool:
        """Whether any attempt of this exercise passed every test (the reference unlocks)."""
        return any(
            attempt.passed and attempt.score >= attempt.max_score
            for attempt in self.exercise_log.attempts(self.exercise.id)
        )

    def action_compare(self) -> None:
        """Show the draft beside the reference solution, only after a full pass."""
        from dlprep.tui.screens.compare import CompareScreen

        language = self.language
        if not self.passed_fully():
            self.notify(label("compare_locked", language))
            return
        reference = self.exercise.reference_path.read_text(encoding="utf-8")
        headings = (label("compare_mine", language), label("compare_reference", language))
        self.app.push_screen(CompareScreen(self.query_one(TextArea).text, reference, headings))

    # Navigation

    def action_tab(self, tab: str) -> None:
        pane = {"prompt": "prompt", "results": "results-tab", "history": "history-tab"}[tab]
        self.query_one(TabbedContent).active = pane

    def action_back(self) -> None:
        """Cancel a running request; otherwise save, commit a pending rating, and go back."""
        if self.cancel_request():
            return
        self.save_draft()
        self.commit_pending(None)
        self.app.pop_screen()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "history-table" and event.row_key.value is not None:
            self.reopen(int(event.row_key.value))
        elif event.data_table.id == "results" and self.pending is not None:
            self.commit_pending(None)

    def on_unmount(self) -> None:
        self.save_draft()

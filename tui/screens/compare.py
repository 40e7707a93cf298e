"""Your code beside the reference solution, offered only once an attempt passed every test.

The reference is never shown before that (ExerciseScreen's `compare` action is disabled until
the store holds a full pass of the exercise), and hidden test sources are never shown at all.
Both panes are read-only; escape (or f8 again) closes the view.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea


class CompareScreen(ModalScreen[None]):
    """Two read-only editors: the learner's code (left), the reference (right)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f8", "dismiss", "Close")]

    def __init__(self, mine: str, reference: str, headings: tuple[str, str]) -> None:
        super().__init__()
        self._mine = mine
        self._reference = reference
        self._headings = headings

    def compose(self) -> ComposeResult:
        with Horizontal(id="compare"):
            for pane_id, heading, code in (
                ("compare-mine", self._headings[0], self._mine),
                ("compare-reference", self._headings[1], self._reference),
            ):
                with Vertical():
                    yield Static(heading, classes="compare-heading")
                    yield TextArea.code_editor(code, language="python", read_only=True, id=pane_id)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)

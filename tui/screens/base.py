"""What every dlprep screen shares: access to the study session, language changes, palette commands."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import SystemCommand
from textual.events import Mount
from textual.screen import Screen

from dlprep.tui.bindings import relabel
from dlprep.tui.study import Study

if TYPE_CHECKING:
    from dlprep.tui.app import DlprepApp


class StudyScreen(Screen[None]):
    """A screen that shows the study session and redraws its text when the language changes.

    Widgets with key bindings of their own carry the class "relabel": their footer descriptions
    follow the language too.
    """

    @property
    def dlprep(self) -> DlprepApp:
        """The running app, typed."""
        return cast("DlprepApp", self.app)

    @property
    def study(self) -> Study:
        """The loaded decks and the study session (once the app is ready)."""
        return self.dlprep.study

    @property
    def language(self) -> str:
        """The current display language: "en", "zh" or "both"."""
        return self.dlprep.language

    @on(Mount)
    def _follow_language(self) -> None:
        """Relabel now and on every language change (a handler of its own, so screens' on_mount need no super())."""
        self.watch(self.app, "language", self._relabel_bindings, init=True)
        self.watch(self.app, "language", self.on_language_changed, init=False)

    def _relabel_bindings(self, language: str) -> None:
        """Describe this screen's keys, and its widgets' (the deck list), in `language`."""
        for node in (self, *self.query(".relabel")):
            relabel(node, language)

    async def on_language_changed(self, language: str) -> None:
        """Redraw text in `language`; screens override this."""

    def palette_commands(self) -> Iterable[SystemCommand]:
        """This screen's actions for the command palette."""
        return ()

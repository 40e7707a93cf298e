"""The dlprep Textual app: opens the study session and hosts the Home and Review screens.

`dlprep` (no subcommand) and `dlprep tui` call `run_app()`. Start-up stays light: no torch,
the decks are parsed right after the first frame, and the Review screen
(with the Markdown widget) is imported only when first opened. The learner's keymap
(`<data_dir>/keymap.yaml`, docs/keymap.md) is applied when the app mounts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.reactive import reactive
from textual.screen import Screen

from dlprep.concepts.decks import load_decks
from dlprep.concepts.session import utc_now
from dlprep.concepts.settings import Settings
from dlprep.concepts.sources import StudySources, study_sources
from dlprep.concepts.store import StoreError
from dlprep.tui.bindings import APP_BINDINGS, relabel
from dlprep.tui.exercise_catalog import ExerciseCatalog
from dlprep.tui.grader_client import GraderClient
from dlprep.tui.instance_lock import InstanceLock
from dlprep.tui.keymap import KeymapError, key_display, load_keymap
from dlprep.tui.labels import label, next_language
from dlprep.tui.screens.base import StudyScreen
from dlprep.tui.screens.home import HomeScreen
from dlprep.tui.study import Learner, Study, open_learner, start_study

EXIT_STORE_ERROR = 1


class DlprepApp(App[None]):
    """Spaced-repetition review of the concept decks.

    `deck_paths` (default: the built-in decks), `store_path` (default: the user's data dir)
    and `now` (default: the real clock) are there for tests and for other deck sets.
    """

    TITLE = "dlprep"
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [*APP_BINDINGS]

    language: reactive[str] = reactive("en")
    ready: reactive[bool] = reactive(False)
    """True once the decks are loaded and the study session has started."""

    def __init__(
        self,
        deck_paths: Sequence[Path] | None = None,
        store_path: Path | None = None,
        now: Callable[[], datetime] = utc_now,
        *,
        worker_command: Sequence[str] | None = None,
        exercise_dirs: Sequence[Path] = (),
        sources: StudySources | None = None,
    ) -> None:
        """`worker_command` replaces the grader worker (tests use a fake one); `deck_paths`
        replaces every deck source (tests), else `sources` (default: `study_sources()`)."""
        super().__init__()
        self._worker_command = worker_command
        self._grader_client: GraderClient | None = None
        self.sources = (
            StudySources(list(deck_paths)) if deck_paths is not None else sources or study_sources()
        )
        """The decks to load and the course packs' exercise directories (for the exercise registry)."""
        self.catalog = ExerciseCatalog([*exercise_dirs, *self.sources.exercise_dirs])
        """The exercises (the registry is read the first time they are listed)."""
        self._store_path = store_path
        self._now = now
        self._learner: Learner | None = None
        self._study: Study | None = None
        self.startup_error: str | None = None
        self._instance_lock: InstanceLock | None = None
        self.keymap: dict[str, str] = {}
        """The learner's key overrides in effect (binding id → keys), from `<data_dir>/keymap.yaml`."""

    @property
    def learner(self) -> Learner:
        """The open store and settings (available once the app has mounted)."""
        if self._learner is None:
            raise RuntimeError("the store is opened when the app mounts")
        return self._learner

    @property
    def study(self) -> Study:
        """The decks and session (available once `ready` is True)."""
        if self._study is None:
            raise RuntimeError("the decks are still loading")
        return self._study

    @property
    def grader_client(self) -> GraderClient:
        """The grader worker's client; the worker process starts on its first use."""
        if self._grader_client is None:
            self._grader_client = GraderClient(self._worker_command)
        return self._grader_client

    def on_resize(self, event: events.Resize) -> None:
        """Below MIN_SIZE, a "please enlarge" screen covers the app until it grows again."""
        from dlprep.tui.screens.too_small import TooSmallScreen, too_small

        small = too_small(event.size)
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing and self._learner is not None:
            self.push_screen(TooSmallScreen())
        elif not small and showing:
            self.pop_screen()

    def on_mount(self) -> None:
        try:
            self._learner = open_learner(self._store_path)
        except StoreError as error:
            self.startup_error = str(error)
            self.exit(return_code=EXIT_STORE_ERROR, message=Text(f"dlprep: {error}"))
            return
        self.language = self._learner.settings.language
        if self._learner.settings.theme in self.available_themes:
            self.theme = self._learner.settings.theme
        self._load_keymap()
        self.push_screen(HomeScreen())
        self.call_after_refresh(self._load_decks, self._learner)
        self._instance_lock = InstanceLock.acquire(self._learner.store.path)
        if self._instance_lock is None:
            self.notify(label("other_instance", self.language), severity="warning", timeout=10)
        self.call_after_refresh(self.on_resize, events.Resize(self.size, self.size))

    def _load_keymap(self) -> None:
        """Apply the learner's keymap file; a bad one is reported and the default keys stay."""
        try:
            self.keymap = load_keymap()
        except KeymapError as error:
            title = label("keymap_not_loaded", self.language)
            self.notify(error.text(self.language), title=title, severity="error", timeout=15)
            return
        self.set_keymap(self.keymap)

    def key_display(self, binding_id: str) -> str:
        """How the first key bound to `binding_id` is shown, after the learner's keymap."""
        return key_display(self, binding_id, self.keymap)

    def watch_language(self, language: str) -> None:
        relabel(self, language)

    def _load_decks(self, learner: Learner) -> None:
        """Parse the decks and start the session; runs after the first frame, which never waits for YAML."""
        sources = self.sources if self.sources is not None else study_sources()
        self.sources = sources
        self._study = start_study(learner, load_decks(sources.deck_paths), self._now)
        self.ready = True

    async def on_unmount(self) -> None:
        if self._grader_client is not None:
            await self._grader_client.close()
        if self._learner is not None:
            self._learner.store.close()

    def action_toggle_language(self) -> None:
        """Cycle the card and interface language en → zh → both, and remember it."""
        language = next_language(self.language)
        self.language = language
        try:
            self.learner.save_language(language)
        except StoreError as error:
            self.notify(str(error), title=label("language_not_saved", language), severity="error")

    def apply_settings(self, settings: Settings) -> None:
        """Save `settings` and use them at once. Raises StoreError when they cannot be saved."""
        self.learner.save_settings(settings)
        if self._study is not None:
            self._study.session.apply_settings(settings)
        self.language = settings.language
        if settings.theme in self.available_themes:
            self.theme = settings.theme

    def action_toggle_help(self) -> None:
        """Show or hide the key help panel."""
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        if isinstance(screen, StudyScreen):
            yield from screen.palette_commands()
            yield SystemCommand(
                label("palette.language", self.language),
                label("palette.language-help", self.language),
                self.action_toggle_language,
            )
        yield from super().get_system_commands(screen)


def run_app(decks: Sequence[Path] = (), packs: Sequence[Path] = ()) -> int:
    """Run the TUI on the built-in and the learner's decks, `decks` and the course `packs`.

    The exit status is 0, or 1 when the store cannot be opened.
    """
    app = DlprepApp(sources=study_sources(decks, packs))
    app.run()
    return app.return_code or 0

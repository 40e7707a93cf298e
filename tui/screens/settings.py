"""Settings: every study setting editable in place, validated as `dlprep config set` does.

Each field is saved when it is submitted (Enter) or left (Tab, a click elsewhere); a bad value
is refused with the same message `config set` gives, shown under the field, and nothing is
saved. A saved setting applies at once: the language and theme redraw the app, the scheduling
settings change the session's next intervals and today's limits.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Input, Label, Select, Static

from dlprep.concepts.settings import Settings
from dlprep.concepts.store import StoreError
from dlprep.tui.bindings import SETTINGS_BINDINGS
from dlprep.tui.labels import LANGUAGES, label
from dlprep.tui.screens.base import StudyScreen

EDITABLE: tuple[str, ...] = (
    "language",
    "theme",
    "desired_retention",
    "new_cards_per_day",
    "reviews_per_day",
    "learning_steps_minutes",
    "relearning_steps_minutes",
    "day_starts_at_hour",
    "leech_lapses",
)
"""The settings on the screen, in this order (each has the label "setting.<name>")."""
CHOSEN = frozenset({"language", "theme"})  # picked from a list, not typed


def value_text(value: object) -> str:
    """A setting's value as the learner types it: steps as "1,10", numbers as themselves."""
    if isinstance(value, tuple):
        return ",".join(str(step) for step in value)
    return str(value)


class SettingsScreen(StudyScreen):
    """One row per setting: its name, its field, and the problem with the last value typed."""

    BINDINGS: ClassVar[list[BindingType]] = [*SETTINGS_BINDINGS]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="settings"):
            for name in EDITABLE:
                with Horizontal(classes="setting-row"):
                    yield Label(id=f"label-{name}", classes="setting-name")
                    yield self._field(name)
                yield Static(id=f"error-{name}", classes="setting-error")
        yield Footer()

    def _field(self, name: str) -> Input | Select[str]:
        current = getattr(self.settings, name)
        if name == "language":
            return Select(
                [(code, code) for code in LANGUAGES],
                value=current,
                allow_blank=False,
                id=f"setting-{name}",
            )
        if name == "theme":
            themes = sorted(self.app.available_themes)
            value = current if current in themes else self.app.theme
            return Select(
                [(theme, theme) for theme in themes],
                value=value,
                allow_blank=False,
                id=f"setting-{name}",
            )
        return Input(value_text(current), id=f"setting-{name}", classes="setting-field")

    @property
    def settings(self) -> Settings:
        return self.dlprep.learner.settings

    def on_mount(self) -> None:
        self._show_labels(self.language)
        for error in self.query(".setting-error").results(Static):
            error.display = False

    async def on_language_changed(self, language: str) -> None:
        self._show_labels(language)
        self.query_one("#setting-language", Select).value = language

    def _show_labels(self, language: str) -> None:
        self.sub_title = label("settings", language)
        for name in EDITABLE:
            self.query_one(f"#label-{name}", Label).update(label(f"setting.{name}", language))

    @on(Input.Submitted, ".setting-field")
    @on(Input.Blurred, ".setting-field")
    def _typed(self, event: Input.Submitted | Input.Blurred) -> None:
        self.save(event.input.id or "", event.value)

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.save(event.select.id or "", event.value)

    def save(self, field_id: str, text: str) -> bool:
        """Validate and save the setting of field `field_id`; show why when it is refused."""
        name = field_id.removeprefix("setting-")
        if name not in EDITABLE or value_text(getattr(self.settings, name)) == text.strip():
            return False
        try:
            settings = self.settings.with_value(name, text)
            if name == "theme" and settings.theme not in self.app.available_themes:
                raise ValueError(
                    f"theme must be one of {', '.join(sorted(self.app.available_themes))}"
                )
        except ValueError as error:
            self._show_error(name, str(error))
            return False
        try:
            self.dlprep.apply_settings(settings)
        except StoreError as error:
            self._show_error(name, str(error))
            return False
        self._show_error(name, None)
        self.notify(label("setting_saved", self.language), timeout=2)
        return True

    def _show_error(self, name: str, problem: str | None) -> None:
        error = self.query_one(f"#error-{name}", Static)
        error.display = problem is not None
        error.update(problem or "")

"""One command-palette entry from the label table: shared by every screen that adds commands."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import SystemCommand

from dlprep.tui.labels import message


def palette_command(
    name: str, language: str, callback: Callable[[], object], **values: object
) -> SystemCommand:
    """The palette command "palette.<name>" with its help text, in the learner's language."""
    return SystemCommand(
        message(f"palette.{name}", language, **values),
        message(f"palette.{name}-help", language, **values),
        callback,
    )

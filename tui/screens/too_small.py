"""Shown instead of the app while the terminal is smaller than MIN_SIZE."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Static

from dlprep.tui.labels import message

MIN_SIZE = Size(80, 24)


def too_small(size: Size) -> bool:
    return size.width < MIN_SIZE.width or size.height < MIN_SIZE.height


class TooSmallScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static(id="too-small")

    def on_mount(self) -> None:
        self.on_resize()

    def on_resize(self) -> None:
        size = self.app.size
        now = f"{size.width}x{size.height}"
        texts = [
            message("too_small", language, width=MIN_SIZE.width, height=MIN_SIZE.height, now=now)
            for language in ("en", "zh")
        ]
        self.query_one(Static).update("\n\n".join(texts))

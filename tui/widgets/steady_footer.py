"""A Footer that rebuilds its keys only when the keys it would show have changed.

Textual's Footer recomposes (unmounts and mounts every key widget, restyling each) on every
`refresh_bindings()` and every focus change, one recompose per call. A submission in the
exercise view asks three or four times (busy, done, rating pending, focus to the results), and
on a loaded machine those rebuilds were most of the time from the grader's answer to the
results on screen. The keys shown are a function of the screen's active bindings, so when
those are what the footer already shows, the recompose is skipped.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer

Shown = tuple[bool, bool, tuple[tuple[Binding, bool, str, str], ...]]


class SteadyFooter(Footer):
    """`Footer`, minus the recomposes that would draw the same keys again."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._shown: Shown | None = None

    def _showing(self) -> Shown:
        """What compose draws: each shown binding, enabled or not, its tooltip and key label."""
        keys = tuple(
            (binding, enabled, tooltip, self.app.get_key_display(binding))
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        )
        return (self.show_command_palette, self.combine_groups, keys)

    def compose(self) -> ComposeResult:
        showing = self._showing()
        count = 0
        for widget in super().compose():  # not eagerly: key groups are `with` blocks
            count += 1
            yield widget
        # An empty compose (bindings not ready yet) must not stop the next one.
        self._shown = showing if count else None

    async def recompose(self) -> None:
        if self.is_attached and self._shown is not None and self._showing() == self._shown:
            return
        await super().recompose()

"""The answer bar of the Review screen: "Show answer" before reveal, then Again/Hard/Good/Easy.

Each rating button shows its key (after the learner's keymap) and the interval until the card's
next review. The buttons cannot take focus, so the review keys always reach the screen's bindings.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button
from textual.widgets.button import ButtonVariant

from dlprep.concepts.session import Rating, format_interval
from dlprep.tui.labels import label

RATING_LABEL_KEYS: dict[Rating, str] = {
    Rating.Again: "again",
    Rating.Hard: "hard",
    Rating.Good: "good",
    Rating.Easy: "easy",
}
RATING_BINDING_IDS: dict[Rating, str] = {
    rating: f"review.rate-{key}" for rating, key in RATING_LABEL_KEYS.items()
}
_VARIANTS: dict[Rating, ButtonVariant] = {
    Rating.Again: "error",
    Rating.Hard: "warning",
    Rating.Good: "success",
    Rating.Easy: "primary",
}


def _unfocusable(button: Button) -> Button:
    button.can_focus = False
    return button


class RatingBar(Horizontal):
    """One "Show answer" button, or four rating buttons named by their rating value ("1"-"4")."""

    def compose(self) -> ComposeResult:
        yield _unfocusable(Button("", id="show-answer", variant="primary"))
        for rating, variant in _VARIANTS.items():
            button = Button("", id=f"rate-{rating.value}", name=str(rating.value), variant=variant)
            button.add_class("rating")
            yield _unfocusable(button)

    def show_reveal_button(self, language: str, key: str) -> None:
        """Before reveal: only the "Show answer" button, with the `key` that reveals."""
        reveal = self.query_one("#show-answer", Button)
        reveal.label = Content.assemble(label("show_answer", language), (f"  {key}", "dim"))
        reveal.display = True
        for button in self.query(".rating").results(Button):
            button.display = False

    def show_ratings(
        self,
        intervals: Mapping[Rating, timedelta],
        language: str,
        keys: Mapping[Rating, str],
        *,
        suggested: Rating | None = None,
    ) -> None:
        """After reveal: the four rating buttons, each with its key (`keys`) and next interval.

        The `suggested` rating (after an answer) is marked "▶" (the verdict line names its key).
        """
        self.query_one("#show-answer", Button).display = False
        for rating, key in RATING_LABEL_KEYS.items():
            button = self.query_one(f"#rate-{rating.value}", Button)
            marked = rating == suggested
            button.label = Content.assemble(
                ("▶" if marked else "", "bold"),
                (f"{keys[rating]} ", "dim"),
                (label(key, language), "bold"),
                f"  {format_interval(intervals[rating])}",
            )
            button.set_class(marked, "suggested")
            button.display = True

"""Answering before the reveal: a row of option buttons for a choice card, a text field for a shape card.

The option buttons (one per shown letter) cannot take focus, so the review keys keep working;
a click on one is the same as its key (`a`-`f`). The shape field takes focus while shown:
Enter checks the typed answer, Tab reveals without typing.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input

from dlprep.concepts.answers import Verdict
from dlprep.tui.labels import label, message
from dlprep.tui.widgets.rating_bar import RATING_LABEL_KEYS

PICK_LETTERS = "abcdef"


class AnswerBox(Horizontal):
    """Hidden for basic and cloze cards; option buttons or a typed-answer field otherwise."""

    def compose(self) -> ComposeResult:
        for position, letter in enumerate(PICK_LETTERS):
            button = Button(letter.upper(), id=f"pick-{letter}", name=str(position), classes="pick")
            button.can_focus = False
            yield button
        yield Input(id="shape-answer")

    def hide(self) -> None:
        self.display = False
        self.query_one(Input).display = False

    def show_choices(self, count: int) -> None:
        """One button per option shown, "A" to the `count`th letter."""
        self.display = True
        self.query_one(Input).display = False
        for position, button in enumerate(self.query(".pick").results(Button)):
            button.display = position < count

    def show_input(self, language: str) -> None:
        """An empty field for the shape answer, focused."""
        self.display = True
        for button in self.query(".pick").results(Button):
            button.display = False
        field = self.query_one(Input)
        field.value = ""
        field.placeholder = label("type_answer", language)
        field.display = True
        field.focus()


def verdict_line(
    verdict: Verdict,
    language: str,
    accept_key: str,
    *,
    picked: str | None = None,
    typed: str | None = None,
) -> str:
    """The Markdown line above the back: right or wrong, what the learner answered, and the key
    (`accept_key`) that takes the suggested rating."""
    key = "answer_right" if verdict.correct else "answer_wrong"
    parts = [message(key, language)]
    if picked is not None:
        parts.append(message("you_picked", language, answer=picked))
    if typed is not None:
        parts.append(message("you_typed", language, answer=_code(typed)))
    rating = label(RATING_LABEL_KEYS[verdict.suggested_rating], language)
    hint = message("accept_hint", language, key=accept_key, rating=rating)
    return "**" + " · ".join(parts) + f"** ({hint})"


def _code(text: str) -> str:
    """`text` as inline code (backticks in it are dropped, so the span cannot be closed early)."""
    return f"`{text.replace('`', '')}`" if text.strip("` ") else "``"

"""The card model: bilingual text, cards of the four types, decks, and how a card shows as Markdown.

Cards are immutable values built by the deck loader (`decks.py`). The TUI shows a card with
`front_markdown` (cloze deletions hidden, choices listed) and `back_markdown` (answers shown).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

LANGUAGES = ("en", "zh", "both")  # display languages: a text in one, or both side by side
TEXT_LANGUAGES = ("en", "zh")  # the languages every text is written in
CARD_TYPES = ("basic", "cloze", "choice", "shape")

# Anki's cloze syntax: {{c1::answer}} or {{c1::answer::hint}}.
CLOZE_PATTERN = re.compile(r"\{\{c(\d+)::(.+?)(?:::(.+?))?\}\}", re.DOTALL)

_CHOICE_LETTERS = "ABCDEFGHIJ"


@dataclass(frozen=True)
class Text:
    """One piece of Markdown in English and Chinese."""

    en: str
    zh: str

    def in_language(self, lang: str) -> str:
        """The text in `lang`: "en", "zh", or "both" (English, a blank line, Chinese)."""
        if lang == "both":
            return f"{self.en}\n\n{self.zh}"
        if lang == "zh":
            return self.zh
        check_language(lang)
        return self.en


@dataclass(frozen=True)
class Choice:
    """One option of a multiple-choice card."""

    text: Text
    correct: bool


@dataclass(frozen=True)
class Card:
    """A concept card. `id` is stable: review progress is keyed by it."""

    id: str
    deck_id: str
    type: str
    front: Text
    back: Text
    tags: tuple[str, ...]
    source: str
    exercises: tuple[str, ...]
    choices: tuple[Choice, ...] = ()
    setup: str | None = None
    expr: str | None = None
    answer: object = None
    path: Path | None = None
    line: int | None = None
    cloze_number: int | None = None
    """For the study card of one cloze deletion (`<id>::cN`, see cloze.py): N; else None."""

    def front_markdown(self, lang: str, order: Sequence[int] | None = None) -> str:
        """The question: cloze deletions hidden as [...] or [hint], choices listed "A. ...", "B. ...".

        `order` lists the choices' indices in the order shown (default: file order). A study card
        of one cloze deletion hides only that deletion; the others stay visible as context.
        """
        return _per_language(lang, lambda language: self._front_in(language, order))

    def back_markdown(self, lang: str, order: Sequence[int] | None = None) -> str:
        """The answer: cloze answers in **bold**, the correct choice named, then the `back` text."""
        return _per_language(lang, lambda language: self._back_in(language, order))

    def _front_in(self, lang: str, order: Sequence[int] | None) -> str:
        text = self.front.in_language(lang)
        if self.type == "cloze":
            return hide_cloze_deletions(text, self.cloze_number)
        if self.type == "choice":
            return f"{text}\n\n{self._choice_list(lang, order)}"
        return text

    def _back_in(self, lang: str, order: Sequence[int] | None) -> str:
        explanation = self.back.in_language(lang)
        if self.type == "cloze":
            revealed = reveal_cloze_deletions(self.front.in_language(lang), self.cloze_number)
            return f"{revealed}\n\n{explanation}"
        if self.type == "choice":
            return f"{self._correct_choice_line(lang, order)}\n\n{explanation}"
        return explanation

    def shown_choices(self, order: Sequence[int] | None = None) -> list[tuple[str, Choice]]:
        """The choices as shown: (letter, choice) in `order` (default: file order)."""
        indices = range(len(self.choices)) if order is None else order
        return [
            (letter, self.choices[index])
            for letter, index in zip(_CHOICE_LETTERS, indices, strict=False)
        ]

    def _choice_list(self, lang: str, order: Sequence[int] | None) -> str:
        return "\n\n".join(  # one paragraph per option: Markdown would join plain lines into one
            f"{letter}. {choice.text.in_language(lang)}"
            for letter, choice in self.shown_choices(order)
        )

    def _correct_choice_line(self, lang: str, order: Sequence[int] | None) -> str:
        for letter, choice in self.shown_choices(order):
            if choice.correct:
                return f"**{letter}. {choice.text.in_language(lang)}**"
        raise ValueError(f"choice card {self.id} has no correct choice")


@dataclass(frozen=True)
class Deck:
    """A deck file: its id, title and cards in teaching order; `line` is where its id is defined."""

    id: str
    title: Text
    path: Path
    cards: tuple[Card, ...]
    line: int | None = None


def check_language(lang: str) -> None:
    """Raise ValueError unless `lang` is "en", "zh" or "both"."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")


def _per_language(lang: str, render: Callable[[str], str]) -> str:
    check_language(lang)
    if lang == "both":
        return f"{render('en')}\n\n{render('zh')}"
    return render(lang)


def hide_cloze_deletions(text: str, number: int | None = None) -> str:
    """Replace every {{cN::answer}} with [...] and every {{cN::answer::hint}} with [hint].

    With `number`, only deletion `number` is hidden; the others show their answer as plain text.
    """

    def hide(match: re.Match[str]) -> str:
        if number is not None and int(match.group(1)) != number:
            return match.group(2)
        return f"[{match.group(3) or '...'}]"

    return CLOZE_PATTERN.sub(hide, text)


def reveal_cloze_deletions(text: str, number: int | None = None) -> str:
    """Replace every {{cN::answer(::hint)}} with **answer** (with `number`: only that one in bold)."""

    def reveal(match: re.Match[str]) -> str:
        if number is not None and int(match.group(1)) != number:
            return match.group(2)
        return f"**{match.group(2)}**"

    return CLOZE_PATTERN.sub(reveal, text)


def has_cloze_deletion(text: str) -> bool:
    """Whether `text` holds at least one {{cN::...}} deletion."""
    return CLOZE_PATTERN.search(text) is not None


def card_to_json(card: Card) -> dict[str, object]:
    """The card as plain JSON values (what `dlprep cards list --json` prints)."""
    data: dict[str, object] = {
        "id": card.id,
        "deck": card.deck_id,
        "type": card.type,
        "front": {"en": card.front.en, "zh": card.front.zh},
        "back": {"en": card.back.en, "zh": card.back.zh},
        "tags": list(card.tags),
        "source": card.source,
        "exercises": list(card.exercises),
    }
    if card.choices:
        data["choices"] = [
            {"en": c.text.en, "zh": c.text.zh, "correct": c.correct} for c in card.choices
        ]
    if card.type == "shape":
        data.update(setup=card.setup, expr=card.expr, answer=card.answer)
    data.update(path=str(card.path) if card.path else None, line=card.line)
    return data

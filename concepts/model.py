"""The card model: bilingual text, cards of the four types, decks, and how a card shows as Markdown.

Cards are immutable values built by the deck loader (`decks.py`). The TUI shows a card with
`front_markdown` (cloze deletions hidden, choices listed) and `back_markdown` (answers shown).
"""

from __future__ import annotations

import re
from collections.abc import Callable
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

    def front_markdown(self, lang: str) -> str:
        """The question: cloze deletions hidden as [...] or [hint], choices listed "A. ...", "B. ..."."""
        return _per_language(lang, self._front_in)

    def back_markdown(self, lang: str) -> str:
        """The answer: cloze answers in **bold**, the correct choice named, then the `back` text."""
        return _per_language(lang, self._back_in)

    def _front_in(self, lang: str) -> str:
        text = self.front.in_language(lang)
        if self.type == "cloze":
            return hide_cloze_deletions(text)
        if self.type == "choice":
            return f"{text}\n\n{self._choice_list(lang)}"
        return text

    def _back_in(self, lang: str) -> str:
        explanation = self.back.in_language(lang)
        if self.type == "cloze":
            return f"{reveal_cloze_deletions(self.front.in_language(lang))}\n\n{explanation}"
        if self.type == "choice":
            return f"{self._correct_choice_line(lang)}\n\n{explanation}"
        return explanation

    def _choice_list(self, lang: str) -> str:
        return "\n\n".join(  # one paragraph per option: Markdown would join plain lines into one
            f"{letter}. {choice.text.in_language(lang)}"
            for letter, choice in zip(_CHOICE_LETTERS, self.choices, strict=False)
        )

    def _correct_choice_line(self, lang: str) -> str:
        for letter, choice in zip(_CHOICE_LETTERS, self.choices, strict=False):
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


def hide_cloze_deletions(text: str) -> str:
    """Replace every {{cN::answer}} with [...] and every {{cN::answer::hint}} with [hint]."""
    return CLOZE_PATTERN.sub(lambda match: f"[{match.group(3) or '...'}]", text)


def reveal_cloze_deletions(text: str) -> str:
    """Replace every {{cN::answer(::hint)}} with **answer**."""
    return CLOZE_PATTERN.sub(lambda match: f"**{match.group(2)}**", text)


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

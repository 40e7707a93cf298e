"""Cloze cards as Anki makes them: one study card per deletion number, with a stable id.

A deck's cloze card `conv-formula` holding `{{c1::...}}` and `{{c2::...}}` is studied as two
cards, `conv-formula::c1` and `conv-formula::c2`, each with its own schedule. The deck keeps the
one card (its text is edited in one place); `study_cards` is what the scheduler sees.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from dlprep.concepts.model import CLOZE_PATTERN, Card

CLOZE_ID_SEPARATOR = "::c"


def cloze_numbers(card: Card) -> tuple[int, ...]:
    """The deletion numbers used in the card's front (either language), in order."""
    found = {
        int(match.group(1))
        for text in (card.front.en, card.front.zh)
        for match in CLOZE_PATTERN.finditer(text)
    }
    return tuple(sorted(found))


def cloze_card_id(card_id: str, number: int) -> str:
    """The stable id of deletion `number` of cloze card `card_id`: `<card-id>::cN`."""
    return f"{card_id}{CLOZE_ID_SEPARATOR}{number}"


def note_id(card_id: str) -> str:
    """The deck card a study card comes from: `conv-formula::c2` → `conv-formula`; others unchanged."""
    return card_id.split(CLOZE_ID_SEPARATOR, 1)[0]


def expand(card: Card) -> tuple[Card, ...]:
    """The study cards of one deck card: one per deletion number for a cloze card, else the card."""
    if card.type != "cloze" or card.cloze_number is not None:
        return (card,)
    return tuple(
        replace(card, id=cloze_card_id(card.id, number), cloze_number=number)
        for number in cloze_numbers(card)
    )


def study_cards(cards: Iterable[Card]) -> tuple[Card, ...]:
    """Every study card of `cards`, cloze cards expanded in place (deck order is kept)."""
    return tuple(study for card in cards for study in expand(card))

"""Small views of a card used by several content tests: its text per language and where it is defined."""

from __future__ import annotations

from dlprep.concepts.model import Card


def card_text(card: Card, lang: str) -> str:
    """All the text a learner sees in `lang` ("en" or "zh"): front, back, choices, shape code."""
    parts = [getattr(card.front, lang), getattr(card.back, lang)]
    parts += [getattr(choice.text, lang) for choice in card.choices]
    parts += [card.setup or "", card.expr or ""]
    return "\n".join(parts)


def where(card: Card) -> str:
    """Where the card is defined, as "path:line: card-id", for failure messages."""
    return f"{card.path}:{card.line}: {card.id}"

"""Cues a choice card can give away without the learner knowing the topic: the right option being
the longest one, or always sitting in the same place in the file (exports and other tools keep
file order; the app shuffles at review time)."""

from __future__ import annotations

from collections.abc import Sequence

from dlprep.concepts.model import Card

# At most this share of choice cards may have the right option strictly longest (in one language),
# or first. Fair shares are 1/4 for four options; the built-in decks are near that after issue 12.
MAX_SHARE = 0.4


def right_index(card: Card) -> int:
    """The position of the correct option in the file."""
    return next(i for i, choice in enumerate(card.choices) if choice.correct)


def right_is_longest(card: Card, lang: str) -> bool:
    """Whether the correct option is strictly longer (in characters) than every other one."""
    lengths = [len(getattr(choice.text, lang)) for choice in card.choices]
    right = right_index(card)
    return all(lengths[right] > length for i, length in enumerate(lengths) if i != right)


def share(cards: Sequence[Card], flag: list[bool]) -> float:
    """The fraction of `cards` for which `flag` is true (0.0 for no cards)."""
    return sum(flag) / len(cards) if cards else 0.0

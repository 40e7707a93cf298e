"""Choice cards do not give their answer away by its length or its position in the file."""

from __future__ import annotations

import pytest
from content_choices import MAX_SHARE, right_index, right_is_longest, share

from dlprep.concepts.model import Card, Choice, Text


def _choices(cards: list[Card]) -> list[Card]:
    return [card for card in cards if card.type == "choice"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_right_option_is_not_usually_the_longest(cards: list[Card], lang: str) -> None:
    choice_cards = _choices(cards)
    longest = [card.id for card in choice_cards if right_is_longest(card, lang)]
    fraction = share(choice_cards, [right_is_longest(card, lang) for card in choice_cards])
    assert fraction <= MAX_SHARE, (
        f"the right option is the longest ({lang}) on {len(longest)} of {len(choice_cards)} "
        f"choice cards, more than {MAX_SHARE:.0%}: {longest}"
    )


def test_the_right_option_is_not_usually_first(cards: list[Card]) -> None:
    choice_cards = _choices(cards)
    first = [card.id for card in choice_cards if right_index(card) == 0]
    assert share(choice_cards, [right_index(card) == 0 for card in choice_cards]) <= MAX_SHARE, (
        f"the right option is first on {len(first)} of {len(choice_cards)} choice cards: {first}"
    )


# ---- the measures on hand-made cards


def _card(*options: tuple[str, bool]) -> Card:
    choices = tuple(Choice(Text(text, text), correct) for text, correct in options)
    return Card("c", "d", "choice", Text("Q?", "问？"), Text("A", "答"), ("t",), "s", (), choices)


def test_a_right_option_longer_than_all_others_is_flagged() -> None:
    card = _card(("short", False), ("the long right answer", True), ("mid one", False))
    assert right_is_longest(card, "en") and right_is_longest(card, "zh")
    assert right_index(card) == 1


def test_a_tie_for_longest_is_no_cue() -> None:
    assert not right_is_longest(_card(("b[0] = 5", True), ("b[0] = 1", False)), "en")
    assert not right_is_longest(_card(("x", True), ("a longer wrong one", False)), "en")


def test_decks_where_the_right_option_is_always_longest_or_first_fail() -> None:
    planted = [_card(("the longest right answer", True), ("wrong", False))] * 3 + [
        _card(("not at all", False), ("yes", True))
    ]
    assert share(planted, [right_is_longest(card, "en") for card in planted]) == 0.75 > MAX_SHARE
    assert share(planted, [right_index(card) == 0 for card in planted]) == 0.75 > MAX_SHARE
    assert share([], []) == 0.0

"""Answering cards: the per-day choice order, lenient shape answers, suggested ratings."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from fsrs import Rating

from dlprep.concepts.answers import (
    UnreadableAnswer,
    answers_match,
    check_choice,
    check_shape,
    choice_order,
    parse_shape_answer,
)
from dlprep.concepts.decks import load_decks
from dlprep.concepts.model import Card, Choice, Text

DAY = date(2025, 3, 3)
BUILTIN_CARDS = [card for deck in load_decks().decks for card in deck.cards]
SHAPE_CARDS = [card for card in BUILTIN_CARDS if card.type == "shape"]
CHOICE_CARDS = [card for card in BUILTIN_CARDS if card.type == "choice"]


def test_choice_order_is_a_permutation_fixed_for_a_card_and_day() -> None:
    order = choice_order("adam-moments", DAY, 5)
    assert sorted(order) == [0, 1, 2, 3, 4]
    assert choice_order("adam-moments", DAY, 5) == order


def test_choice_order_changes_with_the_day_and_the_card() -> None:
    days = {choice_order("adam-moments", DAY + timedelta(days=n), 4) for n in range(10)}
    cards = {choice_order(f"card-{n}", DAY, 4) for n in range(10)}
    assert len(days) > 1 and len(cards) > 1


def test_shuffling_moves_the_right_answer_away_from_a_on_the_builtin_decks() -> None:
    """The decks mostly list the right answer first; shown shuffled, it is "A" about 1 time in n."""
    first = 0
    for card in CHOICE_CARDS:
        letter, choice = card.shown_choices(choice_order(card.id, DAY, len(card.choices)))[0]
        first += choice.correct
    assert first < len(CHOICE_CARDS) / 2


def choice_card() -> Card:
    options = ("SGD", "Adam", "Newton")
    return Card(
        id="which",
        deck_id="d",
        type="choice",
        front=Text("Which?", "哪个？"),
        back=Text("Adam.", "Adam。"),
        tags=("adam",),
        source="s",
        exercises=(),
        choices=tuple(Choice(Text(o, o), o == "Adam") for o in options),
    )


def test_check_choice_follows_the_shown_order() -> None:
    card, order = choice_card(), (2, 1, 0)  # shown: A Newton, B Adam, C SGD
    assert check_choice(card, order, 1).correct
    assert not check_choice(card, order, 0).correct
    assert check_choice(card, order, 1).suggested_rating == Rating.Good
    assert check_choice(card, order, 2).suggested_rating == Rating.Again
    assert card.front_markdown("en", order) == "Which?\n\nA. Newton\n\nB. Adam\n\nC. SGD"
    assert card.back_markdown("en", order).startswith("**B. Adam**")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("[4, 32, 32, 3]", [4, 32, 32, 3]),
        ("torch.Size([4, 32, 32, 3])", [4, 32, 32, 3]),
        ("Size([4, 32])", [4, 32]),
        ("(4, 32, 32, 3)", [4, 32, 32, 3]),
        ("4, 32", [4, 32]),
        ("`(3,)`", [3]),
        ("torch.Size([])", []),
        ("12", 12),
        ("2.5", 2.5),
        ("tensor([1., 2.])", [1.0, 2.0]),
        ("tensor([1., 2.], dtype=torch.float64)", [1.0, 2.0]),
        ("true", True),
        ("RuntimeError", {"error": "RuntimeError"}),
        ("torch.OutOfMemoryError", {"error": "OutOfMemoryError"}),
        ("[(2, 3), True]", [[2, 3], True]),
    ],
)
def test_typed_answers_are_read_leniently(text: str, value: object) -> None:
    assert parse_shape_answer(text) == value


@pytest.mark.parametrize("text", ["", "   ", "[4, 32", "4 32 x", "import os"])
def test_unreadable_answers_are_refused(text: str) -> None:
    with pytest.raises(UnreadableAnswer):
        parse_shape_answer(text)


def test_answers_match_numbers_to_a_tolerance_and_keep_bools_apart() -> None:
    assert answers_match([1.0, 2.0], [1, 2.00001])
    assert not answers_match([1.0, 2.0], [1.0, 2.1])
    assert not answers_match(True, 1)
    assert not answers_match([4, 32], [4, 32, 1])
    assert answers_match({"error": "RuntimeError"}, {"error": "runtimeerror"})
    assert not answers_match({"error": "RuntimeError"}, {"error": "ValueError"})


def ways_to_type(answer: object) -> list[str]:
    """How a learner may write `answer`: as a list, tuple, torch.Size, number, or error name."""
    if isinstance(answer, dict):
        return [str(answer["error"]), f"torch.{answer['error']}", str(answer["error"]).lower()]
    ways = [json.dumps(answer), repr(answer)]
    if isinstance(answer, list):
        ways.append(repr(_as_tuples(answer)))
        if all(isinstance(item, int) and not isinstance(item, bool) for item in answer):
            ways.append(f"torch.Size({answer!r})")
    if isinstance(answer, int | float) and not isinstance(answer, bool):
        ways.append(f"tensor({answer!r})")
    return ways


def _as_tuples(value: object) -> object:
    if isinstance(value, list):
        return tuple(_as_tuples(item) for item in value)
    return value


@pytest.mark.parametrize("card", SHAPE_CARDS, ids=lambda card: card.id)
def test_every_builtin_shape_answer_matches_however_it_is_typed(card: Card) -> None:
    for text in ways_to_type(card.answer):
        assert check_shape(card, text).correct, f"{card.id}: {text!r}"


def test_a_wrong_shape_answer_suggests_again() -> None:
    card = next(card for card in SHAPE_CARDS if isinstance(card.answer, list))
    verdict = check_shape(card, "[999, 999]")
    assert not verdict.correct and verdict.suggested_rating == Rating.Again

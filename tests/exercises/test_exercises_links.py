"""Links both ways: exercises name existing cards, cards name existing exercises; `show` lists them."""

from __future__ import annotations

import pytest

from dlprep.cli import main
from dlprep.concepts.decks import load_decks
from dlprep.exercises.registry import builtin_dir, load_pack

EXERCISES, _ = load_pack(builtin_dir())
EXERCISE_IDS = {exercise.id for exercise in EXERCISES}
CARDS = [card for deck in load_decks().decks for card in deck.cards]
CARD_IDS = {card.id for card in CARDS}


@pytest.mark.parametrize("exercise", EXERCISES, ids=[exercise.id for exercise in EXERCISES])
def test_every_exercise_links_existing_cards(exercise) -> None:
    assert exercise.concepts, f"{exercise.id} links no card"
    assert set(exercise.concepts) <= CARD_IDS, set(exercise.concepts) - CARD_IDS


def test_every_card_that_names_an_existing_exercise_is_named_back_or_linked() -> None:
    """Where a card names an exercise that exists, that exercise's concepts include the card."""
    missing = {
        (card.id, exercise_id)
        for card in CARDS
        for exercise_id in card.exercises
        if exercise_id in EXERCISE_IDS
        and card.id not in next(e for e in EXERCISES if e.id == exercise_id).concepts
    }
    assert missing == set()


def test_every_card_names_existing_exercises() -> None:
    unknown = {eid for card in CARDS for eid in card.exercises} - EXERCISE_IDS
    assert unknown == set()


def test_show_lists_the_linked_cards(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exercises", "show", "MyLinear"]) == 0
    out = capsys.readouterr().out
    assert "## Linked cards" in out and "`pytorch-practice-mylinear-data-bug`" in out
    assert main(["exercises", "show", "MyLinear", "--lang", "zh"]) == 0
    assert "## 相关卡片" in capsys.readouterr().out

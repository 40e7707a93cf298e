"""Every stored shape answer is what torch computes today, and the recomputation can fail."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import torch
from content_cards import where
from content_shapes import answers_match, normalise, recompute, shape_answer_problem

from dlprep.concepts.decks import load_decks
from dlprep.concepts.model import Card

SHAPE_CARDS = [card for deck in load_decks().decks for card in deck.cards if card.type == "shape"]


@pytest.mark.parametrize("card", SHAPE_CARDS, ids=lambda card: card.id)
def test_stored_shape_answer_matches_torch(card: Card) -> None:
    assert card.setup is not None and card.expr is not None
    problem = shape_answer_problem(card.setup, card.expr, card.answer)
    assert problem is None, f"{where(card)}: {problem}"


def test_a_wrong_stored_shape_is_caught() -> None:
    problem = shape_answer_problem("a = torch.rand(4, 3)", "a.t().shape", [4, 3])
    assert problem is not None and "[3, 4]" in problem


def test_a_wrong_answer_in_a_deck_file_is_caught(tmp_path: Path) -> None:
    deck = tmp_path / "shapes.yaml"
    deck.write_text(
        textwrap.dedent(
            """\
            deck: {id: wrong-shapes, title: {en: Wrong, zh: 错误}}
            cards:
              - id: wrong-shapes-expand
                type: shape
                tags: [shape-expand-repeat]
                source: "001_ef0835fd8acc6b3e.txt § 3、张量 › 维度变换"
                setup: "b = torch.rand(1, 32, 1, 1)"
                expr: "b.expand(-1, 32, -1, -4).shape"
                answer: [1, 32, 1, -4]
                front: {en: "What is `b.expand(-1, 32, -1, -4).shape`?", zh: "`b.expand(-1, 32, -1, -4).shape` 是什么？"}
                back: {en: "As the notes print it.", zh: "照笔记打印的结果。"}
            """
        ),
        encoding="utf-8",
    )
    result = load_decks([deck])
    assert not result.problems
    card = result.decks[0].cards[0]
    problem = shape_answer_problem(card.setup or "", card.expr or "", card.answer)
    assert problem is not None and "{'error': 'RuntimeError'}" in problem


def test_an_error_answer_must_name_the_right_exception() -> None:
    assert (
        shape_answer_problem("a = torch.rand(2, 3, 4)", "a.t()", {"error": "RuntimeError"}) is None
    )
    assert (
        shape_answer_problem("a = torch.rand(2, 3, 4)", "a.t()", {"error": "ValueError"})
        is not None
    )


def test_floats_compare_to_a_tolerance() -> None:
    assert shape_answer_problem("x = torch.tensor([0.1])", "x * 3", [0.3]) is None
    assert shape_answer_problem("x = torch.tensor([0.1])", "x * 3", [0.31]) is not None


def test_an_answer_that_depends_on_random_data_is_caught() -> None:
    problem = shape_answer_problem("x = torch.rand(1)", "x.item() > 0.5", False)
    assert problem is not None and "seed 1" in problem


def test_a_setup_that_raises_is_reported_as_such() -> None:
    problem = shape_answer_problem("a = torch.rand(2, 3).view(4)", "a.shape", [4])
    assert problem is not None and problem.startswith("setup raised RuntimeError")


def test_values_are_normalised_the_way_answers_are_stored() -> None:
    values = torch.tensor([[1, 5, 2], [7, 0, 3]]).max(dim=1)
    assert normalise(values) == [[5, 7], [1, 0]]
    assert normalise((torch.Size([2, 3]), torch.Size([]))) == [[2, 3], []]
    assert recompute("x = torch.zeros(2)", "x.sum().item() == 0") is True


def test_bools_and_numbers_are_not_interchangeable() -> None:
    assert not answers_match(True, 1)
    assert answers_match(1, 1.0)

"""No two built-in cards ask the same thing, and the duplicate checks catch planted duplicates."""

from __future__ import annotations

from content_cards import where
from content_duplicates import (
    FRONT_SIMILARITY_LIMIT,
    normalised,
    same_shape_questions,
    shape_question,
    similar_fronts,
    similarity,
)

from dlprep.concepts.model import Card, Text


def test_no_two_fronts_are_near_duplicates(cards: list[Card]) -> None:
    pairs = [
        f"{where(first)}\n  ~ {where(second)} ({lang} similarity {score:.2f})"
        for first, second, lang, score in similar_fronts(cards)
    ]
    assert not pairs, (
        f"fronts more than {FRONT_SIMILARITY_LIMIT} similar (merge the cards or make them ask "
        "different things):\n" + "\n".join(pairs)
    )


def test_no_two_shape_cards_ask_the_same_question(cards: list[Card]) -> None:
    groups = [" = ".join(where(card) for card in group) for group in same_shape_questions(cards)]
    assert not groups, "shape cards with the same setup + expr:\n" + "\n".join(groups)


# ---- the checks on planted duplicates


def _card(
    card_id: str, en: str, zh: str, setup: str | None = None, expr: str | None = None
) -> Card:
    kind = "basic" if setup is None else "shape"
    return Card(
        card_id,
        "deck",
        kind,
        Text(en, zh),
        Text("answer", "答案"),
        ("tag",),
        "src",
        (),
        (),
        setup,
        expr,
    )


DYNAMIC = _card(
    "a-dynamic-graph",
    "PyTorch builds a dynamic computational graph (define-by-run). What does that mean in practice?",
    "PyTorch 使用动态计算图（define-by-run）。这在实践中意味着什么？",
)
DYNAMIC_REWORDED = _card(
    "b-dynamic-graph",
    "PyTorch builds a *dynamic* computational graph (define-by-run): what does this mean in practice?",
    "PyTorch 使用 *动态* 计算图（define-by-run）。这在实践中意味着什么？",
)
EVAL = _card(
    "c-eval",
    "What does `net.eval()` change, and what does it leave alone?",
    "`net.eval()` 改变了什么，又没有改变什么？",
)


def test_normalising_drops_case_markup_punctuation_and_spaces() -> None:
    assert normalised("A *dynamic* `graph`, (define-by-run)?") == "adynamicgraphdefinebyrun"
    assert normalised("使用 *动态* 计算图（define-by-run）。") == "使用动态计算图definebyrun"


def test_a_reworded_duplicate_front_is_caught_in_either_language() -> None:
    assert similarity(DYNAMIC.front.en, DYNAMIC_REWORDED.front.en) > FRONT_SIMILARITY_LIMIT
    found = list(similar_fronts([DYNAMIC, EVAL, DYNAMIC_REWORDED]))
    assert [(first.id, second.id) for first, second, _, _ in found] == [
        ("a-dynamic-graph", "b-dynamic-graph")
    ]
    zh_only = _card("d-dynamic-graph", "Something else entirely about tensors?", DYNAMIC.front.zh)
    assert [lang for _, _, lang, _ in similar_fronts([DYNAMIC, zh_only])] == ["zh"]


def test_different_questions_are_not_duplicates() -> None:
    assert not list(similar_fronts([DYNAMIC, EVAL]))


def test_two_shape_cards_are_compared_by_code_not_by_front() -> None:
    first = _card(
        "s1", "What is it?", "是多少？", "b = torch.rand(1, 32, 1, 1)", "b.squeeze().shape"
    )
    renamed = _card(
        "s2", "Another front", "另一个正面", "x=torch.rand(1,32,1,1)", "x.squeeze( ).shape"
    )
    other = _card(
        "s3", "What is it?", "是多少？", "b = torch.rand(1, 32, 1, 1)", "b.squeeze(1).shape"
    )
    assert [
        [card.id for card in group] for group in same_shape_questions([first, renamed, other])
    ] == [["s1", "s2"]]
    assert not list(similar_fronts([first, other]))  # templated shape fronts are not compared


def test_shape_questions_keep_module_names_and_rename_functions() -> None:
    unpack = "def unpack():\n    aa, bb = c.split(2, dim=0)\n    return aa.shape"
    renamed = "def f():\n    p, q = d.split(2, dim=0)\n    return p.shape"
    assert shape_question(f"c = torch.rand(2, 3)\n{unpack}", "unpack()") == shape_question(
        f"d = torch.rand(2, 3)\n{renamed}", "f()"
    )
    assert shape_question("a = torch.rand(2)", "F.relu(a)") != shape_question(
        "a = torch.rand(2)", "torch.relu(a)"
    )

"""How cards show: languages, cloze deletions hidden and revealed, choices listed, JSON for `cards list`."""

from __future__ import annotations

import pytest

from dlprep.concepts.model import Card, Choice, Text, card_to_json

QUESTION = Text("Which optimiser?", "哪个优化器？")
EXPLANATION = Text("Because of moments.", "因为矩估计。")


def make_card(card_type: str, front: Text = QUESTION, **extra: object) -> Card:
    return Card(
        id="c",
        deck_id="d",
        type=card_type,
        front=front,
        back=EXPLANATION,
        tags=("adam",),
        source="s",
        exercises=(),
        **extra,
    )


def test_text_in_each_language() -> None:
    text = Text("Hello", "你好")
    assert text.in_language("en") == "Hello"
    assert text.in_language("zh") == "你好"
    assert text.in_language("both") == "Hello\n\n你好"
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        text.in_language("fr")


def test_basic_card_front_and_back() -> None:
    card = make_card("basic")
    assert card.front_markdown("zh") == "哪个优化器？"
    assert card.back_markdown("en") == "Because of moments."
    assert card.back_markdown("both") == "Because of moments.\n\n因为矩估计。"


def test_cloze_front_hides_deletions_and_back_reveals_them() -> None:
    front = Text(
        "Output: {{c1::(n - k)/s + 1::formula}} and {{c2::n}}",
        "输出：{{c1::(n - k)/s + 1::公式}}，{{c2::n}}",
    )
    card = make_card("cloze", front=front)
    assert card.front_markdown("en") == "Output: [formula] and [...]"
    assert card.front_markdown("zh") == "输出：[公式]，[...]"
    assert card.back_markdown("en") == "Output: **(n - k)/s + 1** and **n**\n\nBecause of moments."
    assert card.front_markdown("both") == "Output: [formula] and [...]\n\n输出：[公式]，[...]"


def test_choice_card_lists_options_and_names_the_correct_one() -> None:
    choices = (Choice(Text("SGD", "随机梯度下降"), False), Choice(Text("Adam", "Adam"), True))
    card = make_card("choice", choices=choices)
    assert card.front_markdown("en") == "Which optimiser?\n\nA. SGD\n\nB. Adam"
    assert card.front_markdown("zh") == "哪个优化器？\n\nA. 随机梯度下降\n\nB. Adam"
    assert card.back_markdown("en") == "**B. Adam**\n\nBecause of moments."


def test_card_to_json_has_the_listing_fields() -> None:
    shape = make_card("shape", setup="a = torch.rand(2, 3)", expr="a.T.shape", answer=[3, 2])
    data = card_to_json(shape)
    assert {
        "id",
        "deck",
        "type",
        "front",
        "back",
        "tags",
        "source",
        "exercises",
        "setup",
        "expr",
        "answer",
    } <= set(data)
    assert data["front"] == {"en": "Which optimiser?", "zh": "哪个优化器？"}
    assert (data["answer"], data["tags"]) == ([3, 2], ["adam"])
    choice = card_to_json(make_card("choice", choices=(Choice(Text("x", "x"), True),)))
    assert choice["choices"] == [{"en": "x", "zh": "x", "correct": True}]
    assert "setup" not in choice

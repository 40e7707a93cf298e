"""The deck validator: each kind of bad deck gives `file:line: field: message`, and good decks still load."""

from __future__ import annotations

from pathlib import Path

import pytest
from concepts_support import basic_card, deck_yaml

from dlprep.concepts.decks import DeckProblem, load_decks

GOOD_DECK = """\
deck:
  id: good
  title: {en: Good, zh: 好}
cards:
  - id: good-basic
    type: basic
    tags: [sgd]
    source: "000.txt § 随机梯度下降"
    exercises: [train_ch6, MyLinear]
    front: {en: "Question?", zh: 问题？}
    back: {en: Answer., zh: 答案。}
"""


def only_problem(path: Path) -> DeckProblem:
    result = load_decks([path])
    assert len(result.problems) == 1, [str(problem) for problem in result.problems]
    assert result.decks == []
    assert list(result.skipped) == [path]
    return result.problems[0]


def card_deck(card_lines: str) -> str:
    """A deck whose single card (starting on line 5) is `card_lines`."""
    return "deck:\n  id: d\n  title: {en: D, zh: 德}\ncards:\n" + card_lines


def test_a_good_deck_loads_with_every_field(write_deck) -> None:
    path = write_deck("good.yaml", GOOD_DECK)
    result = load_decks([path])
    assert result.problems == [] and result.skipped == {}
    (deck,) = result.decks
    assert (deck.id, deck.title.zh, deck.line) == ("good", "好", 2)
    (card,) = deck.cards
    assert (card.id, card.deck_id, card.type, card.line, card.path) == (
        "good-basic",
        "good",
        "basic",
        5,
        path,
    )
    assert card.tags == ("sgd",) and card.exercises == ("train_ch6", "MyLinear")
    assert card.front.en == "Question?" and card.back.zh == "答案。"


def test_problem_prints_as_file_line_field_message() -> None:
    problem = DeckProblem(Path("decks/x.yaml"), 7, "cards[0].type", "unknown type 'x'")
    assert str(problem) == "decks/x.yaml:7: cards[0].type: unknown type 'x'"
    assert (
        str(DeckProblem(Path("x.yaml"), None, "path", "no such file"))
        == "x.yaml: path: no such file"
    )


def test_yaml_syntax_error_names_the_line(write_deck) -> None:
    path = write_deck(
        "bad.yaml",
        GOOD_DECK.replace('front: {en: "Question?", zh: 问题？}', "front: {en: [unclosed"),
    )
    problem = only_problem(path)
    assert problem.field == "yaml" and problem.line in (10, 11)
    assert "invalid YAML" in problem.message


def test_missing_field_is_reported_at_the_card(write_deck) -> None:
    path = write_deck("bad.yaml", GOOD_DECK.replace('    source: "000.txt § 随机梯度下降"\n', ""))
    problem = only_problem(path)
    assert (problem.line, problem.field, problem.message) == (5, "cards[0].source", "missing field")


def test_unknown_field_is_reported_at_its_line(write_deck) -> None:
    path = write_deck(
        "bad.yaml", GOOD_DECK.replace("    type: basic\n", "    type: basic\n    hint: no\n")
    )
    problem = only_problem(path)
    assert (problem.line, problem.field) == (7, "cards[0].hint")
    assert problem.message.startswith("unknown field")


def test_repeated_field_is_an_error(write_deck) -> None:
    path = write_deck(
        "bad.yaml", GOOD_DECK.replace("    type: basic\n", "    type: basic\n    type: cloze\n")
    )
    problem = only_problem(path)
    assert (problem.line, problem.field) == (7, "cards[0].type")
    assert "repeated field" in problem.message


def test_unknown_type(write_deck) -> None:
    problem = only_problem(
        write_deck("bad.yaml", GOOD_DECK.replace("type: basic", "type: flashcard"))
    )
    assert (problem.line, problem.field) == (6, "cards[0].type")
    assert "unknown type 'flashcard'" in problem.message


@pytest.mark.parametrize("value", ['""', '"   "', "~"])
def test_empty_text(write_deck, value: str) -> None:
    problem = only_problem(write_deck("bad.yaml", GOOD_DECK.replace("zh: 答案。", f"zh: {value}")))
    assert (problem.line, problem.field) == (11, "cards[0].back.zh")
    assert problem.message in ("is empty", "must be text")


@pytest.mark.parametrize(("side", "kept", "missing"), [("front", "en", "zh"), ("back", "zh", "en")])
def test_a_card_with_only_one_language(write_deck, side: str, kept: str, missing: str) -> None:
    text = {"en": "Only English.", "zh": "只有中文。"}[kept]
    card = basic_card("one-language", **{side: {kept: text}})
    problem = only_problem(write_deck("bad.yaml", deck_yaml("d", [card])))
    assert problem.field == f"cards[0].{side}.{missing}"
    assert problem.message == f"only one language: `{missing}` is missing"
    assert problem.line == (9 if side == "front" else 10)


def test_duplicate_id_in_one_file(write_deck) -> None:
    path = write_deck("bad.yaml", deck_yaml("d", [basic_card("same"), basic_card("same")]))
    problem = only_problem(path)
    assert (problem.line, problem.field) == (11, "cards[1].id")
    assert problem.message == "duplicate id 'same' (first at line 5)"


def test_duplicate_id_across_files_is_reported_against_the_later_file(
    write_deck, deck_dir: Path
) -> None:
    first = write_deck(
        "1-first.yaml", deck_yaml("first", [basic_card("shared"), basic_card("own-1")])
    )
    later = write_deck(
        "2-later.yaml", deck_yaml("later", [basic_card("own-2"), basic_card("shared")])
    )
    result = load_decks([deck_dir])
    assert [deck.id for deck in result.decks] == ["first"]
    (problem,) = result.skipped[later]
    assert (problem.path, problem.line, problem.field) == (later, 11, "cards[1].id")
    assert f"duplicate id 'shared' (already used in {first})" == problem.message


def test_duplicate_deck_id_across_files(write_deck, deck_dir: Path) -> None:
    write_deck("1.yaml", deck_yaml("same", [basic_card("c1")]))
    later = write_deck("2.yaml", deck_yaml("same", [basic_card("c2")]))
    result = load_decks([deck_dir])
    (problem,) = result.skipped[later]
    assert (problem.line, problem.field) == (2, "deck.id")
    assert "duplicate deck id 'same'" in problem.message


def test_invalid_ids(write_deck) -> None:
    result = load_decks([write_deck("bad.yaml", deck_yaml("Bad_Deck", [basic_card("Card 1")]))])
    assert {(problem.field, problem.line) for problem in result.problems} == {
        ("deck.id", 2),
        ("cards[0].id", 5),
    }


@pytest.mark.parametrize("language", ["en", "zh"])
def test_cloze_without_a_deletion_in_either_language(write_deck, language: str) -> None:
    front = {
        "en": "Output size: {{c1::(n + 2p - k)/s + 1}}",
        "zh": "输出尺寸：{{c1::(n + 2p - k)/s + 1}}",
    }
    front[language] = "no deletion here"
    card = basic_card("cloze-card", type="cloze", front=front)
    problem = only_problem(write_deck("bad.yaml", deck_yaml("d", [card])))
    assert (problem.field, problem.line) == (f"cards[0].front.{language}", 9)
    assert "{{c1::answer}}" in problem.message


CHOICE_CARD = """\
  - id: choice-card
    type: choice
    tags: [init]
    source: "000.txt § 初始化"
    front: {en: "Which?", zh: 哪个？}
    back: {en: Because., zh: 因为。}
    choices:
      - {en: "N(0, 1)", zh: "N(0, 1)", correct: true}
      - {en: "U[0, 1)", zh: "U[0, 1)"}
"""


def test_a_choice_card_loads(write_deck) -> None:
    (deck,) = load_decks([write_deck("ok.yaml", card_deck(CHOICE_CARD))]).decks
    (card,) = deck.cards
    assert [(choice.text.en, choice.correct) for choice in card.choices] == [
        ("N(0, 1)", True),
        ("U[0, 1)", False),
    ]


@pytest.mark.parametrize(
    ("old", "new", "found"),
    [
        (", correct: true}", "}", 0),
        ('zh: "U[0, 1)"}', 'zh: "U[0, 1)", correct: true}', 2),
    ],
)
def test_a_choice_card_needs_exactly_one_correct_option(
    write_deck, old: str, new: str, found: int
) -> None:
    problem = only_problem(write_deck("bad.yaml", card_deck(CHOICE_CARD.replace(old, new))))
    assert (problem.field, problem.line) == ("cards[0].choices", 12)
    assert problem.message == f"exactly one option must have `correct: true` (found {found})"


def test_choice_options_need_both_languages_and_a_boolean(write_deck) -> None:
    broken = CHOICE_CARD.replace(
        '{en: "U[0, 1)", zh: "U[0, 1)"}', '{en: "U[0, 1)", correct: yes please}'
    )
    result = load_decks([write_deck("bad.yaml", card_deck(broken))])
    assert {problem.field for problem in result.problems} == {"cards[0].choices[1].zh"}


def test_choices_are_only_for_choice_cards(write_deck) -> None:
    problem = only_problem(
        write_deck("bad.yaml", card_deck(CHOICE_CARD.replace("type: choice", "type: basic")))
    )
    assert (problem.field, problem.line) == ("cards[0].choices", 12)
    assert problem.message == "only choice cards have this field"


SHAPE_CARD = """\
  - id: shape-transpose
    type: shape
    tags: [transpose-permute]
    source: "001.txt § 3、张量 › 维度变换"
    setup: "a = torch.rand(4, 3, 32, 32)"
    expr: "a.transpose(1, 3).shape"
    answer: [4, 32, 32, 3]
    front: {en: "What is `a.transpose(1, 3).shape`?", zh: "`a.transpose(1, 3).shape` 是多少？"}
    back: {en: "`[4, 32, 32, 3]`", zh: "`[4, 32, 32, 3]`"}
"""


def test_a_shape_card_loads_with_its_answer(write_deck) -> None:
    error_answer = SHAPE_CARD.replace("id: shape-transpose", "id: shape-error").replace(
        "answer: [4, 32, 32, 3]", "answer: {error: RuntimeError}"
    )
    (deck,) = load_decks([write_deck("ok.yaml", card_deck(SHAPE_CARD + error_answer))]).decks
    assert [(card.setup, card.expr, card.answer) for card in deck.cards] == [
        ("a = torch.rand(4, 3, 32, 32)", "a.transpose(1, 3).shape", [4, 32, 32, 3]),
        ("a = torch.rand(4, 3, 32, 32)", "a.transpose(1, 3).shape", {"error": "RuntimeError"}),
    ]


def test_a_shape_card_needs_its_expression(write_deck) -> None:
    problem = only_problem(
        write_deck(
            "bad.yaml", card_deck(SHAPE_CARD.replace('    expr: "a.transpose(1, 3).shape"\n', ""))
        )
    )
    assert (problem.field, problem.line) == ("cards[0].expr", 6)
    assert problem.message == "missing field (required for shape cards)"


def test_a_mapping_answer_must_name_an_error(write_deck) -> None:
    problem = only_problem(
        write_deck("bad.yaml", card_deck(SHAPE_CARD.replace("[4, 32, 32, 3]", "{shape: 4}")))
    )
    assert (problem.field, problem.line) == ("cards[0].answer", 11)


def test_tags_must_be_a_non_empty_list(write_deck) -> None:
    result = load_decks(
        [
            write_deck(
                "bad.yaml", deck_yaml("d", [basic_card("a", tags=[]), basic_card("b", tags="sgd")])
            )
        ]
    )
    assert [(problem.field, problem.message) for problem in result.problems] == [
        ("cards[0].tags", "must not be empty"),
        ("cards[1].tags", "must be a list, e.g. [a, b]"),
    ]


@pytest.mark.parametrize(
    ("content", "field", "line"),
    [
        ("", "deck", None),
        ("# nothing but a comment\n", "deck", None),
        ("deck:\n  id: empty\n  title: {en: E, zh: 空}\ncards: []\n", "cards", 4),
        ("deck:\n  id: empty\n  title: {en: E, zh: 空}\ncards:\n", "cards", 4),
    ],
)
def test_an_empty_deck(write_deck, content: str, field: str, line: int | None) -> None:
    problem = only_problem(write_deck("empty.yaml", content))
    assert (problem.field, problem.line) == (field, line)
    assert "empty" in problem.message or "no cards" in problem.message


def test_a_document_that_is_not_a_mapping(write_deck) -> None:
    problem = only_problem(write_deck("list.yaml", "- just\n- a list\n"))
    assert (problem.field, problem.line) == ("document", 1)


def test_non_utf8_bytes_name_the_line(write_deck) -> None:
    content = GOOD_DECK.encode("utf-8").replace("答案。".encode(), "答案".encode("gbk"))
    problem = only_problem(write_deck("gbk.yaml", content))
    assert (problem.field, problem.line) == ("encoding", 11)
    assert problem.message.startswith("not UTF-8: byte 0x")


def test_a_utf8_byte_order_mark_is_accepted(write_deck) -> None:
    result = load_decks([write_deck("bom.yaml", b"\xef\xbb\xbf" + GOOD_DECK.encode())])
    assert result.problems == [] and len(result.decks) == 1


def test_a_missing_path_is_a_problem_and_the_rest_still_load(write_deck, tmp_path: Path) -> None:
    good = write_deck("good.yaml", GOOD_DECK)
    missing = tmp_path / "nowhere.yaml"
    result = load_decks([missing, good])
    assert [deck.id for deck in result.decks] == ["good"]
    assert [str(problem) for problem in result.skipped[missing]] == [
        f"{missing}: path: no such file or directory"
    ]


def test_a_directory_of_mixed_decks_loads_the_good_ones(write_deck, deck_dir: Path) -> None:
    write_deck("1-good.yaml", GOOD_DECK)
    write_deck(
        "2-bad.yaml",
        GOOD_DECK.replace("id: good", "id: other").replace("type: basic", "type: nope"),
    )
    write_deck("3-gbk.yml", "deck: 坏".encode("gbk"))
    write_deck("4-also-good.yml", deck_yaml("also-good", [basic_card("x1")]))
    write_deck("notes.txt", "not a deck")
    result = load_decks([deck_dir])
    assert [deck.id for deck in result.decks] == ["good", "also-good"]
    assert sorted(path.name for path in result.skipped) == ["2-bad.yaml", "3-gbk.yml"]


def test_an_empty_directory_is_reported(deck_dir: Path) -> None:
    result = load_decks([deck_dir])
    assert result.decks == [] and result.skipped == {}
    assert [problem.field for problem in result.problems] == ["path"]


def test_the_same_file_given_twice_loads_once(write_deck, deck_dir: Path) -> None:
    path = write_deck("good.yaml", GOOD_DECK)
    result = load_decks([deck_dir, path])
    assert result.problems == [] and len(result.decks) == 1


def test_several_problems_in_one_file_are_all_reported(write_deck) -> None:
    cards = [
        basic_card("a", type="nope"),
        basic_card("b", front={"en": "Only en"}),
        basic_card("c", color="red"),
    ]
    result = load_decks([write_deck("bad.yaml", deck_yaml("d", cards))])
    assert [problem.field for problem in result.problems] == [
        "cards[0].type",
        "cards[1].front.zh",
        "cards[2].color",
    ]


def test_python_tags_are_refused_safely(write_deck) -> None:
    content = card_deck(
        SHAPE_CARD.replace(
            "answer: [4, 32, 32, 3]", "answer: !!python/object/apply:os.system [echo]"
        )
    )
    problem = only_problem(write_deck("evil.yaml", content))
    assert problem.field == "cards[0].answer"


def test_a_cloze_problem_points_at_the_language_line(write_deck) -> None:
    card = """\
  - id: cloze-block
    type: cloze
    tags: [conv]
    source: "000.txt § 卷积"
    front:
      en: "Output size: {{c1::(n + 2p - k)/s + 1}}"
      zh: 输出尺寸没有挖空
    back: {en: Explanation., zh: 解释。}
"""
    problem = only_problem(write_deck("bad.yaml", card_deck(card)))
    assert (problem.field, problem.line) == ("cards[0].front.zh", 11)


def test_the_builtin_decks_are_all_valid() -> None:
    result = load_decks()
    assert [str(problem) for problem in result.problems] == []
    assert result.decks, "no built-in decks found"

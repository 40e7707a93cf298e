"""The built-in decks cover the content checklist, and the coverage rules themselves can fail.

Rules: every topic-id of table (a) has at least its `min cards` tagged cards; a tagged card names
its topic in English and in Chinese (a lenient keyword check derived from the topic's names); a
tag that looks like a topic-id (a "shape-" tag, or a near miss of a long id) must be one; shape
topics are covered by `type: shape` cards only, and every shape card carries a shape topic.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from content_cards import card_text, where
from content_checklist import (
    Checklist,
    Topic,
    checklist_path,
    load_checklist,
    mistyped_topic,
    names_topic,
)

from dlprep.concepts.model import Card


def test_checklist_tables_add_up_to_its_totals_line(checklist: Checklist) -> None:
    assert checklist.totals is not None, "the checklist has no parsable **Totals:** line"
    assert len(checklist.topics) == checklist.totals.topics
    assert sum(topic.min_cards for topic in checklist.topics.values()) == checklist.totals.min_cards
    assert len(checklist.exercise_ids) == checklist.totals.exercises
    assert len(checklist.seed_files) == 5


def test_every_topic_has_its_minimum_number_of_cards(
    cards: list[Card], checklist: Checklist
) -> None:
    counts = Counter(tag for card in cards for tag in set(card.tags))
    short = [
        f"{topic.id} ({topic.section}): {counts[topic.id]} of {topic.min_cards} cards"
        for topic in checklist.topics.values()
        if counts[topic.id] < topic.min_cards
    ]
    assert not short, "topics below their min cards:\n" + "\n".join(short)


def test_tagged_cards_name_their_topic_in_both_languages(
    cards: list[Card], checklist: Checklist
) -> None:
    unnamed = [
        f"{where(card)}: tagged {tag} ({checklist.topics[tag].name_en}) but does not name it in both languages"
        for card in cards
        for tag in card.tags
        if tag in checklist.topics
        and not names_topic(card_text(card, "en"), card_text(card, "zh"), checklist.topics[tag])
    ]
    assert not unnamed, "\n".join(unnamed)


def test_topic_like_tags_are_topic_ids(cards: list[Card], checklist: Checklist) -> None:
    typos = []
    for card in cards:
        for tag in card.tags:
            intended = mistyped_topic(tag, checklist.topics.keys())
            if intended is not None:
                typos.append(
                    f"{where(card)}: tag {tag!r} is not a topic-id (did you mean {intended!r}?)"
                )
    assert not typos, "\n".join(typos)


def test_shape_topics_are_covered_by_shape_cards_only(
    cards: list[Card], checklist: Checklist
) -> None:
    shape_topics = checklist.shape_topic_ids()
    wrong = [
        f"{where(card)} ({card.type}) is tagged with shape topics {sorted(shape_topics & set(card.tags))}"
        for card in cards
        if card.type != "shape" and shape_topics & set(card.tags)
    ]
    untagged = [
        f"{where(card)} has no shape topic tag"
        for card in cards
        if card.type == "shape" and not shape_topics & set(card.tags)
    ]
    assert not wrong + untagged, "\n".join(wrong + untagged)


# ---- the rules on hand-made inputs: they accept what they should and reject what they should

ADAM = Topic(
    "adam",
    "a.4",
    "Adam (first and second moments; Himmelblau demo)",
    "Adam 算法（一阶矩与二阶矩；Himmelblau 示例）",
    3,
)
DROPOUT = Topic(
    "dropout",
    "a.5",
    "Dropout: inverted scaling keeps the expectation; training only; p convention",
    "暂退法（Dropout）：缩放保持期望不变；只在训练时使用；p 的含义",
    3,
)
DROPOUT_EN = "Why does dropout scale the kept units by 1/(1 − p)?"
DROPOUT_ZH = "暂退法为什么把保留的单元乘以 1/(1 − p)？"
TOPIC_IDS = frozenset(
    {
        "batch-norm",
        "batch-norm-why",
        "relu",
        "shape-cat",
        "shape-matmul",
        "softmax-function",
        "adam",
    }
)


def test_a_card_about_its_topic_names_it() -> None:
    assert names_topic(DROPOUT_EN, DROPOUT_ZH, DROPOUT)


def test_a_card_about_another_topic_does_not_name_it() -> None:
    assert not names_topic(DROPOUT_EN, DROPOUT_ZH, ADAM)


def test_naming_a_topic_in_one_language_only_is_not_enough() -> None:
    assert not names_topic(DROPOUT_EN, "为什么把保留的单元乘以 1/(1 − p)？", DROPOUT)


@pytest.mark.parametrize(
    ("tag", "intended"),
    [
        ("batch-nrom", "batch-norm"),
        ("batch-norm-wyh", "batch-norm-why"),
        ("shape-cats", "shape-cat"),
        ("shape-matmull", "shape-matmul"),
    ],
)
def test_near_misses_of_topic_ids_are_typos(tag: str, intended: str) -> None:
    assert mistyped_topic(tag, TOPIC_IDS) == intended


@pytest.mark.parametrize("tag", ["batch-norm", "relu", "gelu", "softmax", "interview-classic"])
def test_topic_ids_and_free_tags_are_accepted(tag: str) -> None:
    assert mistyped_topic(tag, TOPIC_IDS) is None


def test_a_missing_checklist_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="CONTENT_TOPICS.md"):
        checklist_path(tmp_path)


def test_a_malformed_topic_row_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "CONTENT_TOPICS.md"
    row = "| `tensor-creation` | Creating | 创建 | 000.txt § x | two | ideas |"
    path.write_text(f"## a. Topics\n### a.1 Tensors\n{row}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"CONTENT_TOPICS.md:3: .*min cards"):
        load_checklist(path)

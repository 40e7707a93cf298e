"""The built-in decks cover the content checklists, and the coverage rules themselves can fail.

The checklists are ../shared/CONTENT_TOPICS.md and CONTENT_BEYOND.md, read by one parser.
Rules: every topic-id of table (a) has at least its `min cards` tagged cards (checked section by
section, so a failure names the section whose deck is missing or short); a tagged card names
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
    checklist_paths,
    combine,
    load_all,
    load_checklist,
    mistyped_topic,
    names_topic,
    shared_dir,
)
from content_sources import Citations, citations, source_part_problem

from dlprep.concepts.model import Card


def _section_ids() -> list[str]:
    """The sections of both checklists, read at collection time to parametrise the coverage test.

    When a checklist is missing or malformed, one placeholder section lets the `checklist`
    fixture report the error as a failure instead of the test silently disappearing.
    """
    try:
        return sorted(
            combine(load_all(shared_dir())).section_titles,
            key=lambda section: int(section.split(".")[1]),
        )
    except (FileNotFoundError, ValueError):
        return ["a.?"]


def test_each_checklist_adds_up_to_its_totals_line(checklists: list[Checklist]) -> None:
    for checklist in checklists:
        assert checklist.totals is not None, f"{checklist.name} has no parsable **Totals:** line"
        min_cards = sum(topic.min_cards for topic in checklist.topics.values())
        assert len(checklist.topics) == checklist.totals.topics, checklist.name
        assert min_cards == checklist.totals.min_cards, checklist.name
        assert len(checklist.exercise_ids) == checklist.totals.exercises, checklist.name
    assert [len(checklist.seed_files) for checklist in checklists] == [5, 0]


def test_the_checklists_share_no_topic_or_exercise(checklists: list[Checklist]) -> None:
    topics, beyond = checklists
    assert not topics.topics.keys() & beyond.topics.keys()
    assert not topics.exercise_ids & beyond.exercise_ids
    assert combine(checklists).shape_sections == {"a.14", "a.22"}


@pytest.mark.parametrize("section", _section_ids())
def test_every_topic_of_the_section_has_its_minimum_number_of_cards(
    section: str, cards: list[Card], checklist: Checklist
) -> None:
    assert section in checklist.section_titles, f"no section {section} in {checklist.name}"
    counts = Counter(tag for card in cards for tag in set(card.tags))
    short = [
        f"{topic.id}: {counts[topic.id]} of {topic.min_cards} cards"
        for topic in checklist.topics.values()
        if topic.section == section and counts[topic.id] < topic.min_cards
    ]
    title = checklist.section_titles[section]
    assert not short, f"{section} {title}: topics below their min cards:\n" + "\n".join(short)


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
        checklist_paths(tmp_path)
    (tmp_path / "CONTENT_TOPICS.md").write_text("## a. Topics\n", encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="CONTENT_BEYOND.md"):
        checklist_paths(tmp_path)


BEYOND = """\
## a. Topics
### a.19 Metrics & evaluation — 评估指标
| `roc-auc` | ROC curves and AUC | ROC 曲线与 AUC | scikit-learn docs § Model evaluation › ROC; Fawcett 2006, An introduction to ROC analysis | 3 | ideas |
### a.22 Shape questions (type: shape) — 形状题（type: shape）
| `shape-bert` | Shapes: BERT | 形状题：BERT | d2l-zh § 来自Transformers的双向编码器表示（BERT） › 输入表示; d2l-en § Word Embedding (word2vec) | 1 | ideas |
## b. Coding exercises
| `roc_auc` | `roc_auc(y_true, scores)` | source | function | checks | bugs |
"""


def _beyond(tmp_path: Path) -> Checklist:
    path = tmp_path / "CONTENT_BEYOND.md"
    path.write_text(BEYOND, encoding="utf-8")
    return load_checklist(path)


def test_the_beyond_format_parses_sections_shape_sections_and_exercises(tmp_path: Path) -> None:
    beyond = _beyond(tmp_path)
    assert beyond.topics["roc-auc"].section == "a.19"
    assert beyond.topics["roc-auc"].min_cards == 3
    assert beyond.section_titles["a.19"] == "Metrics & evaluation — 评估指标"
    assert beyond.shape_topic_ids() == {"shape-bert"}
    assert beyond.exercise_ids == {"roc_auc"}


def test_combining_checklists_that_define_a_topic_twice_is_an_error(tmp_path: Path) -> None:
    beyond = _beyond(tmp_path)
    with pytest.raises(ValueError, match="roc-auc"):
        combine([beyond, beyond])


@pytest.mark.parametrize(
    "part",
    [
        "scikit-learn docs § Model evaluation › Receiver operating characteristic (ROC)",
        "d2l-en § Word Embedding (word2vec) › Skip-Gram",
        "d2l-zh § 来自Transformers的双向编码器表示（BERT）",
        "Fawcett 2006, An introduction to ROC analysis",
    ],
)
def test_documents_the_checklist_cites_are_valid_sources(tmp_path: Path, part: str) -> None:
    beyond = _beyond(tmp_path)
    assert source_part_problem(part, beyond, citations(beyond)) is None


@pytest.mark.parametrize(
    "part",
    [
        "d2l-en § Made-Up Section › Anything",
        "PyTorch docs § torch.nn.Embedding",
        "Smith 2020, A paper no topic cites",
        "999_0000.txt § 2.预备知识",
        "d2l-en: Word Embedding",
    ],
)
def test_documents_the_checklist_does_not_cite_are_rejected(tmp_path: Path, part: str) -> None:
    beyond = _beyond(tmp_path)
    cited: Citations = citations(beyond)
    assert source_part_problem(part, beyond, cited) is not None


def test_a_malformed_topic_row_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "CONTENT_TOPICS.md"
    row = "| `tensor-creation` | Creating | 创建 | 000.txt § x | two | ideas |"
    path.write_text(f"## a. Topics\n### a.1 Tensors\n{row}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"CONTENT_TOPICS.md:3: .*min cards"):
        load_checklist(path)

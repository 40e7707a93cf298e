"""The deck validator: turns one deck file into a Deck, or into problems naming file, line and field.

It walks PyYAML's composed nodes (see `dlprep/yaml_nodes.py`) so each problem points at the line of the
field at fault. Checks follow docs/deck-format.md: required and unknown fields, id syntax,
duplicate ids within the file, card types, empty text, both languages, cloze deletions in both
languages, exactly one correct choice, shape fields. Checks across files live in `decks.py`; reading one node, in
`node_checker.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from yaml.nodes import Node

from dlprep.concepts.model import (
    CARD_TYPES,
    Card,
    Choice,
    Deck,
    Text,
    has_cloze_deletion,
)
from dlprep.concepts.node_checker import (
    LANGUAGE_KEYS,
    DeckProblem,
    NodeChecker,
)
from dlprep.yaml_nodes import (
    YamlSyntaxError,
    compose_document,
    construct,
    is_null,
    is_sequence,
    line_of,
    mapping_entries,
)

_T = TypeVar("_T")

# Exercise ids are folder names, often the d2l function or class name (`train_ch6`, `MyLinear`).
EXERCISE_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
MIN_CHOICES, MAX_CHOICES = 2, 6

_DOCUMENT_FIELDS = ("deck", "cards")
_DECK_FIELDS = ("id", "title")
_CARD_REQUIRED = ("id", "type", "tags", "source", "front", "back")
_CARD_OPTIONAL = ("exercises",)
_TYPE_FIELDS = {
    "basic": (),
    "cloze": (),
    "choice": ("choices",),
    "shape": ("setup", "expr", "answer"),
}
_ALL_TYPE_FIELDS = {
    field: card_type for card_type, fields in _TYPE_FIELDS.items() for field in fields
}


def read_deck(path: Path, text: str) -> tuple[Deck | None, list[DeckProblem]]:
    """Validate the deck in `text` (read from `path`). The Deck is None when there is any problem."""
    checker = NodeChecker(path)
    try:
        root = compose_document(text)
    except YamlSyntaxError as error:
        return None, [DeckProblem(path, error.line, "yaml", error.message)]
    if root is None:
        checker.report(None, "deck", "the file is empty: a deck needs `deck` and `cards`")
        return None, checker.problems
    deck = _read_document(checker, root)
    return (deck if not checker.problems else None), checker.problems


def _read_document(checker: NodeChecker, root: Node) -> Deck | None:
    entries = checker.fields(root, "", required=_DOCUMENT_FIELDS, allowed=_DOCUMENT_FIELDS)
    if entries is None:
        return None
    header = _read_header(checker, entries["deck"]) if "deck" in entries else None
    deck_id = header[0] if header is not None else ""
    cards = _read_cards(checker, entries["cards"], deck_id) if "cards" in entries else ()
    if header is None:
        return None
    _, title, line = header
    return Deck(deck_id, title, checker.path, cards, line=line)


def _read_header(checker: NodeChecker, node: Node) -> tuple[str, Text, int] | None:
    """The deck's id, title and the line of its id."""
    entries = checker.fields(node, "deck", required=_DECK_FIELDS, allowed=_DECK_FIELDS)
    if entries is None or any(name not in entries for name in _DECK_FIELDS):
        return None
    deck_id = checker.identifier(entries["id"], "deck.id")
    title = checker.bilingual(entries["title"], "deck.title")
    if deck_id is None or title is None:
        return None
    return deck_id, title, line_of(entries["id"])


def _read_cards(checker: NodeChecker, node: Node, deck_id: str) -> tuple[Card, ...]:
    if is_null(node):
        checker.report(node, "cards", "the deck has no cards")
        return ()
    if not is_sequence(node):
        checker.report(node, "cards", "must be a list of cards")
        return ()
    if not node.value:
        checker.report(node, "cards", "the deck has no cards")
        return ()
    cards: list[Card] = []
    first_line: dict[str, int] = {}
    for index, card_node in enumerate(node.value):
        card = _read_card(checker, card_node, f"cards[{index}]", deck_id)
        if card is None:
            continue
        if card.id in first_line:
            checker.report(
                card_node,
                f"cards[{index}].id",
                f"duplicate id {card.id!r} (first at line {first_line[card.id]})",
            )
            continue
        first_line[card.id] = line_of(card_node)
        cards.append(card)
    return tuple(cards)


def _read_card(checker: NodeChecker, node: Node, field: str, deck_id: str) -> Card | None:
    before = len(checker.problems)
    allowed = _CARD_REQUIRED + _CARD_OPTIONAL + tuple(_ALL_TYPE_FIELDS)
    entries = checker.fields(node, field, required=_CARD_REQUIRED, allowed=allowed)
    if entries is None:
        return None

    def read(name: str, reader: Callable[[Node, str], _T | None]) -> _T | None:
        return reader(entries[name], f"{field}.{name}") if name in entries else None

    card_type = _read_type(checker, entries, field)
    card_id = read("id", checker.identifier)
    tags = read("tags", lambda value, name: checker.identifiers(value, name, non_empty=True))
    source = read("source", checker.text)
    front = read("front", checker.bilingual)
    back = read("back", checker.bilingual)
    exercises = read(
        "exercises",
        lambda value, name: checker.identifiers(
            value, name, non_empty=False, pattern=EXERCISE_ID_PATTERN
        ),
    )
    extras = _read_type_fields(checker, entries, field, card_type, front) if card_type else None
    if len(checker.problems) > before or extras is None:
        return None
    if (
        card_id is None
        or card_type is None
        or tags is None
        or source is None
        or front is None
        or back is None
    ):
        return None
    return Card(
        id=card_id,
        deck_id=deck_id,
        type=card_type,
        front=front,
        back=back,
        tags=tags,
        source=source,
        exercises=exercises or (),
        choices=extras.choices,
        setup=extras.setup,
        expr=extras.expr,
        answer=extras.answer,
        path=checker.path,
        line=line_of(node),
    )


def _read_type(checker: NodeChecker, entries: dict[str, Node], field: str) -> str | None:
    if "type" not in entries:
        return None
    card_type = checker.text(entries["type"], f"{field}.type")
    if card_type is not None and card_type not in CARD_TYPES:
        checker.report(
            entries["type"],
            f"{field}.type",
            f"unknown type {card_type!r} (expected {', '.join(CARD_TYPES)})",
        )
        return None
    return card_type


@dataclass(frozen=True)
class _TypeFields:
    """The fields only some card types have."""

    choices: tuple[Choice, ...] = ()
    setup: str | None = None
    expr: str | None = None
    answer: object = None


def _read_type_fields(
    checker: NodeChecker, entries: dict[str, Node], field: str, card_type: str, front: Text | None
) -> _TypeFields | None:
    """The fields only some types have (choices; setup, expr, answer); None after a problem."""
    before = len(checker.problems)
    for name, owner in _ALL_TYPE_FIELDS.items():
        if name in entries and owner != card_type:
            checker.report(entries[name], f"{field}.{name}", f"only {owner} cards have this field")
    for name in _TYPE_FIELDS[card_type]:
        if name not in entries:
            checker.report(
                entries.get("type"),
                f"{field}.{name}",
                f"missing field (required for {card_type} cards)",
            )
    if len(checker.problems) > before:
        return None
    if card_type == "cloze":
        _check_cloze(checker, entries["front"], field, front)
    if card_type == "choice":
        choices = _read_choices(checker, entries["choices"], f"{field}.choices")
        return _TypeFields(choices=choices) if choices is not None else None
    if card_type == "shape":
        return _read_shape(checker, entries, field)
    return _TypeFields()


def _check_cloze(checker: NodeChecker, node: Node, field: str, front: Text | None) -> None:
    if front is None:
        return
    texts = {entry.key: entry.value for entry in mapping_entries(node)}
    for language in LANGUAGE_KEYS:
        if not has_cloze_deletion(getattr(front, language)):
            message = "a cloze card needs a deletion like {{c1::answer}}"
            checker.report(texts.get(language, node), f"{field}.front.{language}", message)


def _read_choices(checker: NodeChecker, node: Node, field: str) -> tuple[Choice, ...] | None:
    if not is_sequence(node) or not MIN_CHOICES <= len(node.value) <= MAX_CHOICES:
        checker.report(node, field, f"must be a list of {MIN_CHOICES} to {MAX_CHOICES} options")
        return None
    choices = [
        _read_choice(checker, item, f"{field}[{index}]") for index, item in enumerate(node.value)
    ]
    if None in choices:
        return None
    correct = sum(1 for choice in choices if choice is not None and choice.correct)
    if correct != 1:
        checker.report(
            node, field, f"exactly one option must have `correct: true` (found {correct})"
        )
        return None
    return tuple(choice for choice in choices if choice is not None)


def _read_choice(checker: NodeChecker, node: Node, field: str) -> Choice | None:
    text = checker.bilingual(node, field, extra=("correct",))
    if text is None:
        return None
    correct_node = next(
        (entry.value for entry in mapping_entries(node) if entry.key == "correct"), None
    )
    if correct_node is None:
        return Choice(text, False)
    correct = construct(correct_node)
    if not isinstance(correct, bool):
        checker.report(correct_node, f"{field}.correct", "must be true or false")
        return None
    return Choice(text, correct)


def _read_shape(checker: NodeChecker, entries: dict[str, Node], field: str) -> _TypeFields | None:
    setup = checker.string(entries["setup"], f"{field}.setup")
    expr = checker.text(entries["expr"], f"{field}.expr")
    try:
        answer = construct(entries["answer"])
    except YamlSyntaxError as error:
        checker.report(entries["answer"], f"{field}.answer", error.message)
        return None
    if isinstance(answer, dict) and (
        set(answer) != {"error"} or not isinstance(answer["error"], str)
    ):
        checker.report(
            entries["answer"], f"{field}.answer", "a mapping answer must be {error: ExceptionName}"
        )
        return None
    if setup is None or expr is None:
        return None
    return _TypeFields(setup=setup, expr=expr, answer=answer)

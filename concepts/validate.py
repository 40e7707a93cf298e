"""The deck validator: turns one deck file into a Deck, or into problems naming file, line and field.

It walks PyYAML's composed nodes (see `dlprep/yaml_nodes.py`) so each problem points at the line of the
field at fault. Checks follow docs/deck-format.md: required and unknown fields, id syntax,
duplicate ids within the file, card types, empty text, both languages, cloze deletions in both
languages, exactly one correct choice, shape fields. Checks across files live in `decks.py`.
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
    TEXT_LANGUAGES,
    Card,
    Choice,
    Deck,
    Text,
    has_cloze_deletion,
)
from dlprep.yaml_nodes import (
    YamlSyntaxError,
    compose_document,
    construct,
    format_problem,
    is_mapping,
    is_null,
    is_sequence,
    is_string,
    line_of,
    mapping_entries,
    scalar_text,
)

_T = TypeVar("_T")

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")
# Exercise ids are folder names, often the d2l function or class name (`train_ch6`, `MyLinear`).
EXERCISE_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
LANGUAGE_KEYS = TEXT_LANGUAGES
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


@dataclass(frozen=True)
class DeckProblem:
    """One thing wrong with a deck file: where it is, which field, and what is wrong."""

    path: Path
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        return format_problem(self.path, self.line, self.field, self.message)


class _Checker:
    """Collects the problems of one file while its nodes are read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[DeckProblem] = []

    def report(self, node: Node | None, field: str, message: str) -> None:
        self.problems.append(
            DeckProblem(self.path, line_of(node) if node is not None else None, field, message)
        )

    def fields(
        self, node: Node, field: str, required: tuple[str, ...], allowed: tuple[str, ...]
    ) -> dict[str, Node] | None:
        """The entries of a mapping node, after reporting missing, unknown and repeated keys."""
        if not is_mapping(node):
            self.report(node, field or "document", "must be a mapping of fields")
            return None
        found: dict[str, Node] = {}
        for entry in mapping_entries(node):
            name = _join(field, entry.key)
            if entry.key in found:
                self.report(
                    entry.key_node,
                    name,
                    f"repeated field (first at line {line_of(found[entry.key])})",
                )
            elif entry.key not in allowed:
                self.report(entry.key_node, name, f"unknown field (expected {', '.join(allowed)})")
            found.setdefault(entry.key, entry.value)
        for name in required:
            if name not in found:
                self.report(node, _join(field, name), "missing field")
        return found

    def identifier(
        self, node: Node, field: str, pattern: re.Pattern[str] = ID_PATTERN
    ) -> str | None:
        value = self.text(node, field)
        if value is not None and not pattern.fullmatch(value):
            allowed = (
                "lower-case letters, digits and '-'"
                if pattern is ID_PATTERN
                else "letters, digits, '_' and '-'"
            )
            self.report(node, field, f"{value!r} is not a valid id ({allowed})")
            return None
        return value

    def text(self, node: Node, field: str) -> str | None:
        """A non-empty string scalar."""
        value = scalar_text(node)
        if value is None:
            self.report(node, field, "must be text")
            return None
        if not value.strip():
            self.report(node, field, "is empty")
            return None
        return value

    def string(self, node: Node, field: str) -> str | None:
        """A string scalar that may be empty."""
        if not is_string(node):
            self.report(node, field, "must be a string")
            return None
        return str(node.value)

    def identifiers(
        self, node: Node, field: str, *, non_empty: bool, pattern: re.Pattern[str] = ID_PATTERN
    ) -> tuple[str, ...] | None:
        if not is_sequence(node):
            self.report(node, field, "must be a list, e.g. [a, b]")
            return None
        if non_empty and not node.value:
            self.report(node, field, "must not be empty")
            return None
        values = [
            self.identifier(item, f"{field}[{index}]", pattern)
            for index, item in enumerate(node.value)
        ]
        return None if None in values else tuple(value for value in values if value is not None)

    def bilingual(self, node: Node, field: str, extra: tuple[str, ...] = ()) -> Text | None:
        """A {en, zh} mapping with both languages non-empty."""
        if not is_mapping(node):
            self.report(node, field, "must have `en` and `zh` text")
            return None
        entries = self.fields(node, field, required=(), allowed=LANGUAGE_KEYS + extra)
        if entries is None:
            return None
        present = [key for key in LANGUAGE_KEYS if key in entries]
        if len(present) == 1:
            missing = "zh" if present == ["en"] else "en"
            self.report(node, _join(field, missing), f"only one language: `{missing}` is missing")
            return None
        if not present:
            self.report(node, field, "must have `en` and `zh` text")
            return None
        en, zh = (self.text(entries[key], _join(field, key)) for key in LANGUAGE_KEYS)
        return Text(en, zh) if en is not None and zh is not None else None


def _join(field: str, name: str) -> str:
    return f"{field}.{name}" if field else name


def read_deck(path: Path, text: str) -> tuple[Deck | None, list[DeckProblem]]:
    """Validate the deck in `text` (read from `path`). The Deck is None when there is any problem."""
    checker = _Checker(path)
    try:
        root = compose_document(text)
    except YamlSyntaxError as error:
        return None, [DeckProblem(path, error.line, "yaml", error.message)]
    if root is None:
        checker.report(None, "deck", "the file is empty: a deck needs `deck` and `cards`")
        return None, checker.problems
    deck = _read_document(checker, root)
    return (deck if not checker.problems else None), checker.problems


def _read_document(checker: _Checker, root: Node) -> Deck | None:
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


def _read_header(checker: _Checker, node: Node) -> tuple[str, Text, int] | None:
    """The deck's id, title and the line of its id."""
    entries = checker.fields(node, "deck", required=_DECK_FIELDS, allowed=_DECK_FIELDS)
    if entries is None or any(name not in entries for name in _DECK_FIELDS):
        return None
    deck_id = checker.identifier(entries["id"], "deck.id")
    title = checker.bilingual(entries["title"], "deck.title")
    if deck_id is None or title is None:
        return None
    return deck_id, title, line_of(entries["id"])


def _read_cards(checker: _Checker, node: Node, deck_id: str) -> tuple[Card, ...]:
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


def _read_card(checker: _Checker, node: Node, field: str, deck_id: str) -> Card | None:
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


def _read_type(checker: _Checker, entries: dict[str, Node], field: str) -> str | None:
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
    checker: _Checker, entries: dict[str, Node], field: str, card_type: str, front: Text | None
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


def _check_cloze(checker: _Checker, node: Node, field: str, front: Text | None) -> None:
    if front is None:
        return
    texts = {entry.key: entry.value for entry in mapping_entries(node)}
    for language in LANGUAGE_KEYS:
        if not has_cloze_deletion(getattr(front, language)):
            message = "a cloze card needs a deletion like {{c1::answer}}"
            checker.report(texts.get(language, node), f"{field}.front.{language}", message)


def _read_choices(checker: _Checker, node: Node, field: str) -> tuple[Choice, ...] | None:
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


def _read_choice(checker: _Checker, node: Node, field: str) -> Choice | None:
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


def _read_shape(checker: _Checker, entries: dict[str, Node], field: str) -> _TypeFields | None:
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

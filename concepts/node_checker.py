"""Reading a deck file's nodes while collecting its problems: each one names file, line and field.

`NodeChecker` is what concepts/validate.py reads every field through: it checks a node's kind
(mapping, list, text, identifier, en/zh pair) and, when it is wrong, records a `DeckProblem`
at the node's line instead of raising, so that one run reports every problem of a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from yaml.nodes import Node

from dlprep.concepts.model import TEXT_LANGUAGES, Text
from dlprep.yaml_nodes import (
    format_problem,
    is_mapping,
    is_sequence,
    is_string,
    line_of,
    mapping_entries,
    scalar_text,
)

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")
LANGUAGE_KEYS = TEXT_LANGUAGES


@dataclass(frozen=True)
class DeckProblem:
    """One thing wrong with a deck file: where it is, which field, and what is wrong."""

    path: Path
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        return format_problem(self.path, self.line, self.field, self.message)


class NodeChecker:
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
            name = join_field(field, entry.key)
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
                self.report(node, join_field(field, name), "missing field")
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
            self.report(
                node, join_field(field, missing), f"only one language: `{missing}` is missing"
            )
            return None
        if not present:
            self.report(node, field, "must have `en` and `zh` text")
            return None
        en, zh = (self.text(entries[key], join_field(field, key)) for key in LANGUAGE_KEYS)
        return Text(en, zh) if en is not None and zh is not None else None


def join_field(field: str, name: str) -> str:
    """The dotted name of `name` inside `field` ("cards[0]" + "front" -> "cards[0].front")."""
    return f"{field}.{name}" if field else name

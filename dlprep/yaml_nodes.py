"""Reading YAML as PyYAML's composed node tree, so every value keeps the line it came from.

The deck validator (concepts/validate.py) and the exercise validator (exercises/validation.py)
walk these nodes instead of plain Python objects: a problem can then be reported at the line of
the field that causes it, in the one format of `format_problem`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TypeGuard

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# libyaml's parser when PyYAML was built with it (about 8x faster), the pure-Python one otherwise.
COMPOSING_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

STRING_TAG = "tag:yaml.org,2002:str"
NULL_TAG = "tag:yaml.org,2002:null"
# Scalars that read naturally as text even when YAML would type them (`en: 4`, `zh: 0.5`).
TEXT_LIKE_TAGS = frozenset({STRING_TAG, "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})


def format_problem(path: Path, line: int | None, field: str, message: str) -> str:
    """How every problem of a deck or exercise file is shown: "file:line: field: message"."""
    where = f"{path}:{line}" if line is not None else str(path)
    return f"{where}: {field}: {message}"


class YamlSyntaxError(Exception):
    """The text is not valid YAML. `line` is 1-based, or None when PyYAML gives no position."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Entry:
    """One key of a YAML mapping with its value node."""

    key: str
    key_node: Node
    value: Node


def compose_document(text: str) -> Node | None:
    """The node tree of the single YAML document in `text` (None for an empty document)."""
    try:
        return yaml.compose(text, Loader=COMPOSING_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = ": ".join(part for part in (error.context, error.problem) if part)
        raise YamlSyntaxError(line, f"invalid YAML: {problem or error}") from error
    except yaml.YAMLError as error:
        raise YamlSyntaxError(None, f"invalid YAML: {error}") from error


def line_of(node: Node) -> int:
    """The 1-based line where `node` starts."""
    return node.start_mark.line + 1


def is_mapping(node: Node) -> TypeGuard[MappingNode]:
    return isinstance(node, MappingNode)


def is_sequence(node: Node) -> TypeGuard[SequenceNode]:
    return isinstance(node, SequenceNode)


def mapping_entries(node: Node) -> list[Entry]:
    """The entries of a mapping in file order; keys are their scalar text ("" for a non-scalar key).
    Anything but a mapping has no entries."""
    if not isinstance(node, MappingNode):
        return []
    return [
        Entry(key_node.value if isinstance(key_node, ScalarNode) else "", key_node, value_node)
        for key_node, value_node in node.value
    ]


def scalar_text(node: Node) -> str | None:
    """The text of a string-like scalar (strings, and numbers as written); None for anything else."""
    if isinstance(node, ScalarNode) and node.tag in TEXT_LIKE_TAGS:
        return str(node.value)
    return None


def is_null(node: Node) -> bool:
    """Whether `node` is YAML null (`~`, `null` or nothing at all)."""
    return isinstance(node, ScalarNode) and node.tag == NULL_TAG


def is_string(node: Node) -> bool:
    """Whether `node` is a YAML string scalar."""
    return isinstance(node, ScalarNode) and node.tag == STRING_TAG


def construct(node: Node) -> object:
    """The plain Python value of `node` (safe constructors only). Raises YamlSyntaxError."""
    try:
        return yaml.SafeLoader("").construct_document(node)
    except yaml.YAMLError as error:
        raise YamlSyntaxError(line_of(node), f"unsupported YAML value: {error}") from error

"""Finding cards that ask the same thing: near-identical fronts, and shape cards with one question.

Two fronts are compared after normalisation (lower case; Markdown emphasis, code fences and
backticks, punctuation and whitespace removed) by the Jaccard similarity of their character
4-grams, in each language (4-grams work for Chinese, which has no spaces, as well as English). Two shape
fronts are written from one template ("`a = ...`. What is `expr`?"), so their text says little:
shape cards are compared by their code instead, `setup` + `expr` parsed with `ast` and every
variable renamed in order of appearance, so the same question with other names or spacing
matches too.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from collections.abc import Iterator, Sequence
from itertools import combinations

from dlprep.concepts.model import Card

# Calibrated on the built-in decks: after the merges of issue 12 the most similar pair of fronts
# (other than two shape cards) scores 0.46 in English and in Chinese; before them the duplicate
# pairs scored 0.60 to 1.0 (the two AlexNet "which statement is accurate?" cards 0.70, the two
# "dynamic computational graph" cards 1.0).
FRONT_SIMILARITY_LIMIT = 0.55

LANGS = ("en", "zh")
SHINGLE = 4
_MODULE_NAMES = frozenset({"torch", "nn", "F"})
_MARKUP = re.compile(r"```[a-z]*|[`*_]")


def normalised(text: str) -> str:
    """The text as compared: lower case, no Markdown markup, punctuation or whitespace."""
    text = _MARKUP.sub("", text.lower())
    return "".join(
        char
        for char in text
        if not unicodedata.category(char).startswith(("P", "Z", "C")) and not char.isspace()
    )


def shingles(text: str, size: int = SHINGLE) -> frozenset[str]:
    """The character `size`-grams of the normalised text (the whole text when it is shorter)."""
    flat = normalised(text)
    return frozenset(flat[i : i + size] for i in range(max(1, len(flat) - size + 1)))


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the texts' shingles (1.0 = identical after normalisation)."""
    first, second = shingles(a), shingles(b)
    return len(first & second) / len(first | second)


def similar_fronts(cards: Sequence[Card]) -> Iterator[tuple[Card, Card, str, float]]:
    """Pairs of cards (not both shape cards) whose fronts in one language exceed the limit."""
    fronts = {
        (card.id, lang): shingles(getattr(card.front, lang)) for card in cards for lang in LANGS
    }
    for first, second in combinations(cards, 2):
        if first.type == "shape" and second.type == "shape":
            continue
        for lang in LANGS:
            a, b = fronts[(first.id, lang)], fronts[(second.id, lang)]
            score = len(a & b) / len(a | b)
            if score > FRONT_SIMILARITY_LIMIT:
                yield first, second, lang, score
                break


class _Renamer(ast.NodeTransformer):
    """Renames every variable to v0, v1, ... in order of appearance (not torch, nn, F)."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def _new(self, name: str) -> str:
        if name in _MODULE_NAMES:
            return name
        return self.names.setdefault(name, f"v{len(self.names)}")

    def visit_Name(self, node: ast.Name) -> ast.Name:
        node.id = self._new(node.id)
        return node

    def visit_arg(self, node: ast.arg) -> ast.arg:
        node.arg = self._new(node.arg)
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.FunctionDef:
        node.name = self._new(node.name)
        self.generic_visit(node)
        return node


def shape_question(setup: str, expr: str) -> str:
    """A canonical form of a shape card's code: equal for the same question under other names."""
    tree = ast.parse(f"{setup}\n__answer__ = {expr}")
    return ast.dump(_Renamer().visit(tree))


def same_shape_questions(cards: Sequence[Card]) -> list[list[Card]]:
    """Groups of two or more shape cards whose setup + expr are the same question."""
    groups: dict[str, list[Card]] = {}
    for card in cards:
        if card.type == "shape" and card.setup is not None and card.expr is not None:
            groups.setdefault(shape_question(card.setup, card.expr), []).append(card)
    return [group for group in groups.values() if len(group) > 1]

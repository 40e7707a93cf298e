"""Answering a card, not only revealing it: shuffled choices, typed shape answers, suggested ratings.

* A choice card's options are shuffled per showing, seeded by the card id and the study day, so
  an undo or a redraw the same day shows the same order (and the learner cannot learn "A").
* A shape card's answer is typed and read leniently: `[4, 32, 32, 3]`, `torch.Size([4, 32, 32, 3])`,
  `(4, 32, 32, 3)`, a number, `True`, a nested list, or an error name such as `RuntimeError`.
  It is compared with the stored answer (docs/deck-format.md: sizes and tuples as lists, floats to 1e-4).
* A right answer suggests Good, a wrong one Again; the learner may rate otherwise.
"""

from __future__ import annotations

import ast
import math
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from fsrs import Rating

from dlprep.concepts.model import Card

FLOAT_TOLERANCE = 1e-4
_ERROR_NAME = re.compile(r"(?:[A-Za-z_][A-Za-z0-9_]*\.)*([A-Za-z_][A-Za-z0-9_]*)")
_WRAPPERS = re.compile(r"\b(?:torch\.)?(?:Size|tensor)\s*\(")
_TENSOR_KEYWORDS = re.compile(r",\s*(?:dtype|device|grad_fn|requires_grad)\s*=\s*[^,()\]]+")
_BOOL_WORDS = {"true": "True", "false": "False"}


@dataclass(frozen=True)
class Verdict:
    """Whether the learner's answer was right, and the rating that suggests."""

    correct: bool

    @property
    def suggested_rating(self) -> Rating:
        return Rating.Good if self.correct else Rating.Again


def choice_order(card_id: str, day: date, count: int) -> tuple[int, ...]:
    """The choices' indices in the order shown on study day `day` (the same for a card all day)."""
    order = list(range(count))
    random.Random(f"{card_id}|{day.isoformat()}").shuffle(order)
    return tuple(order)


def check_choice(card: Card, order: Sequence[int], position: int) -> Verdict:
    """The verdict on picking the option shown at `position` (0 is "A") under `order`."""
    return Verdict(card.choices[order[position]].correct)


class UnreadableAnswer(ValueError):
    """The typed text is not a shape, a number, a list or an error name."""


def parse_shape_answer(text: str) -> object:
    """The typed answer as a stored answer would be: lists for sizes and tuples, {error: Name} for an error.

    Raises UnreadableAnswer when the text cannot be read.
    """
    cleaned = text.strip().strip("`").strip().rstrip(".:;")
    if not cleaned:
        raise UnreadableAnswer("empty answer")
    if cleaned.lower() in _BOOL_WORDS:
        return _BOOL_WORDS[cleaned.lower()] == "True"
    name = _ERROR_NAME.fullmatch(cleaned)
    if name is not None:
        return {"error": name.group(1)}
    literal = _TENSOR_KEYWORDS.sub("", _WRAPPERS.sub("(", cleaned))
    literal = re.sub(r"\b(true|false)\b", lambda match: _BOOL_WORDS[match.group(1)], literal)
    # Infinities as Python, JSON and torch print them: inf, -inf, Infinity, -Infinity.
    literal = re.sub(r"(?<![\w.])(?:Infinity|inf)(?![\w.])", "1e999", literal)
    try:
        value = ast.literal_eval(literal)
    except (ValueError, SyntaxError, MemoryError, RecursionError) as error:
        raise UnreadableAnswer(f"cannot read {text!r}") from error
    return _as_stored(value)


def _as_stored(value: object) -> object:
    if isinstance(value, tuple | list):
        return [_as_stored(item) for item in value]
    if isinstance(value, dict):
        return {key: _as_stored(item) for key, item in value.items()}
    return value


def check_shape(card: Card, text: str) -> Verdict:
    """The verdict on the typed `text` for shape card `card`. Raises UnreadableAnswer."""
    return Verdict(answers_match(card.answer, parse_shape_answer(text)))


def answers_match(stored: object, typed: object) -> bool:
    """Whether `typed` equals `stored`: lists item by item, numbers to 1e-4, error names ignoring case."""
    if isinstance(stored, dict) and isinstance(typed, dict):
        stored_name, typed_name = stored.get("error"), typed.get("error")
        return (
            isinstance(stored_name, str)
            and isinstance(typed_name, str)
            and stored_name.lower() == typed_name.lower()
        )
    if isinstance(stored, list) and isinstance(typed, list):
        return len(stored) == len(typed) and all(
            answers_match(a, b) for a, b in zip(stored, typed, strict=True)
        )
    if isinstance(stored, bool) or isinstance(typed, bool):
        return type(stored) is type(typed) and stored == typed
    if isinstance(stored, int | float) and isinstance(typed, int | float):
        return math.isclose(stored, typed, rel_tol=FLOAT_TOLERANCE, abs_tol=FLOAT_TOLERANCE)
    return stored == typed

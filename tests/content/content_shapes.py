"""Recomputing the answer of a `type: shape` card with torch, and comparing it with the stored one.

The stored answer follows docs/deck-format.md: the value with every torch.Size and tuple turned
into a list and every tensor into `tensor.tolist()`, or `{error: ExceptionName}` when the
expression raises. Floats compare to 1e-4. The card is evaluated under two random seeds, so an
answer that depends on random data is caught instead of passing by luck.
"""

from __future__ import annotations

import math
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F

SEEDS = (0, 1)
TOLERANCE = 1e-4


class SetupError(Exception):
    """The card's setup code itself raised: the card is broken, not its answer."""


def normalise(value: object) -> object:
    """The stored form of a value: Size/tuple/list → list, tensor → tolist(), recursively."""
    if isinstance(value, torch.Tensor):
        return normalise(value.tolist())
    if isinstance(value, (tuple, list)):
        return [normalise(item) for item in value]
    return value


def recompute(setup: str, expr: str, seed: int = 0) -> object:
    """Run `setup`, evaluate `expr`, and return the normalised result or {"error": name}.

    Raises SetupError when the setup itself fails.
    """
    torch.manual_seed(seed)
    namespace: dict[str, object] = {"torch": torch, "nn": nn, "F": F}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            exec(setup, namespace)
        except Exception as error:
            raise SetupError(f"setup raised {type(error).__name__}: {error}") from error
        try:
            return normalise(eval(expr, namespace))
        except Exception as error:
            return {"error": type(error).__name__}


def answers_match(stored: object, computed: object) -> bool:
    """Structural equality with floats compared to TOLERANCE (bools and ints compare exactly)."""
    if isinstance(stored, list) and isinstance(computed, list):
        return len(stored) == len(computed) and all(
            answers_match(s, c) for s, c in zip(stored, computed, strict=False)
        )
    if (
        _is_real(stored)
        and _is_real(computed)
        and (isinstance(stored, float) or isinstance(computed, float))
    ):
        return math.isclose(stored, computed, rel_tol=TOLERANCE, abs_tol=TOLERANCE)
    return type(stored) is type(computed) and stored == computed


def _is_real(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def shape_answer_problem(setup: str, expr: str, stored: object) -> str | None:
    """None if every seed reproduces the stored answer, else a message saying what was computed."""
    for seed in SEEDS:
        try:
            computed = recompute(setup, expr, seed)
        except SetupError as error:
            return str(error)
        if not answers_match(stored, computed):
            return f"stored answer {stored!r}, but torch computes {computed!r} (seed {seed})"
    return None

"""Training progress from the sandbox, checked: what a child's `progress` frame may say.

The child sends `{"status": "progress", "epoch", "loss"}` frames while a call runs
(dlprep_child/progress.py). They are hostile data like every other frame: `parse` keeps a
finite epoch in [0, MAX_EPOCH] and a finite loss (or None), and drops anything else;
SubmissionSession forwards what survives to its `on_progress` callback, at most
MAX_FORWARDED per call, while the call's deadline keeps running.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

MAX_EPOCH = 1_000_000.0
MAX_LOSS = 1e12
MAX_FORWARDED = 10_000


@dataclass(frozen=True)
class Progress:
    """How far the submission's training got: epochs done (may be fractional), latest loss."""

    epoch: float
    loss: float | None


ProgressCallback = Callable[[Progress], None]


def is_progress(reply: object) -> bool:
    return isinstance(reply, dict) and reply.get("status") == "progress"


def parse(reply: dict[str, object]) -> Progress | None:
    """The frame's progress, or None when it is not plain, finite, in-range numbers."""
    epoch, loss = reply.get("epoch"), reply.get("loss")
    if type(epoch) is not float or not math.isfinite(epoch) or not 0 <= epoch <= MAX_EPOCH:
        return None
    if loss is None:
        return Progress(epoch, None)
    if type(loss) is not float or not math.isfinite(loss) or abs(loss) > MAX_LOSS:
        return None
    return Progress(epoch, loss)

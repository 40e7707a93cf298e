"""The JSON-lines protocol between the TUI (or `dlprep submit`) and the grader worker process.

One request per line on the worker's stdin, one event per line on its stdout; every line is a
JSON object carrying the request's `id`. The worker sends `ready` once (torch imported, zygote
warm), then for each request zero or more `progress` events and exactly one `result`, `ran`
or `error`. Shared by both sides so each field is defined once; the TUI side bounds every line
(MAX_LINE_BYTES) and treats every string as untrusted text.
"""

from __future__ import annotations

from typing import Literal, TypedDict

MAX_LINE_BYTES = 4 * 1024 * 1024
"""Longest event line the client reads (reports are bounded by the grader far below this)."""
WORKER_MODULE = "dlprep.grader.worker"


class Request(TypedDict):
    """`op` grade: run the hidden tests; run: the prompt's worked example on `source`."""

    id: int
    op: Literal["grade", "run"]
    exercise: str
    source: str
    profile: str


class Event(TypedDict, total=False):
    """`event` is ready | progress | result | ran | error."""

    id: int
    event: str
    phase: str  # progress: "loading" | "testing" | "training" ...
    elapsed_s: float  # progress: seconds since the request started
    detail: str  # progress: a short line (epoch, loss) when the grader exposes one
    epoch: float  # progress, phase "training": epochs the submission has trained so far
    loss: float | None  # progress, phase "training": its latest training loss, when known
    report: dict[str, object]  # result: the grader's report JSON (grader-api.md)
    output: str  # ran: what the worked example printed
    raised: str  # ran: the learner's traceback ("" when nothing was raised)
    message: str  # error: why the request could not be done

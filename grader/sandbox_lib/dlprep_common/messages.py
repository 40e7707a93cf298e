"""Every message that crosses the sandbox wire, and the one list of reply statuses.

Control channel (parent <-> zygote), one tag byte then a frame:
    b"S" + SpawnRequest (the child's channel fd rides along by SCM_RIGHTS) -> SpawnReply
    b"E" + EndRequest -> EndReply;   at start the zygote sends ReadyReply.
Child channel (parent <-> one submission's child):
    the child sends one load reply (status "loaded" or why not: syntax, raised, memory,
    missing, not_callable), then answers each CallRequest with a call reply (ok, raised,
    memory, unsafe, missing, build_error). Every child reply carries `stdout`.

The receiving parent trusts none of it: it reads fields through `dlprep.grader.protocol`,
which checks each field's type and clamps what it uses.
"""

from __future__ import annotations

from typing import Literal, TypedDict

ReplyStatus = Literal[
    "loaded",
    "syntax",
    "raised",
    "memory",
    "unsafe",
    "missing",
    "not_callable",
    "build_error",
    "ok",
    "progress",
]
REPLY_STATUSES: tuple[ReplyStatus, ...] = (
    "loaded",
    "syntax",
    "raised",
    "memory",
    "unsafe",
    "missing",
    "not_callable",
    "build_error",
    "ok",
    "progress",  # a training call's progress frame, ahead of its reply (dlprep_child.progress)
)
LOAD_STATUSES: tuple[ReplyStatus, ...] = (
    "loaded",
    "syntax",
    "raised",
    "memory",
    "missing",
    "not_callable",
)
CALL_STATUSES: tuple[ReplyStatus, ...] = (
    "ok",
    "raised",
    "memory",
    "unsafe",
    "missing",
    "build_error",
)

# The marker dict a `Build(name, **params)` spec crosses as: {BUILD_KEY: name, "params": {...}}.
BUILD_KEY = "__dlprep_build__"


class ChildLimitsMessage(TypedDict):
    memory_bytes: int
    cpu_seconds: int
    call_cpu_seconds: int
    processes: int
    file_bytes: int
    open_files: int
    threads: int


class SpawnRequest(TypedDict):
    op: Literal["spawn"]
    source: str
    filename: str
    entry: str
    limits: ChildLimitsMessage
    forbid: list[str]  # dotted names the child records when they run (exercise.yaml `forbid`)


class SpawnReply(TypedDict):
    pid: int


class EndRequest(TypedDict):
    op: Literal["end"]
    pid: int


class EndReply(TypedDict):
    pid: int
    exit_code: int | None
    signal: int | None
    cpu_seconds: float


class ReadyReply(TypedDict):
    status: Literal["ready"]
    pid: int
    uid: int
    isolation: str  # how children are kept apart ("ipc+mount namespace per child" or why not)


class _CallRequired(TypedDict):
    op: Literal["call"]
    name: str
    args: list[object]
    kwargs: dict[str, object]
    seed: int
    no_grad: bool
    backward: bool


class CallRequest(_CallRequired, total=False):
    """A call; the optional keys are `call_options` (sent only when a test asks for them)."""

    iterate: int
    read: list[str]
    arg_state: bool


class Parameter(TypedDict):
    name: str
    kind: str
    has_default: bool


class Reply(TypedDict, total=False):
    """A child's reply: `status` always; the other fields as the status implies."""

    status: ReplyStatus
    stdout: str
    # loaded / missing / not_callable
    entry: str
    parameters: list[Parameter] | None
    defined: list[str]
    # syntax
    line: int
    offset: int
    text: str
    # raised / memory / unsafe / build_error (type and traceback: raised, memory)
    type: str
    message: str
    traceback: str
    # ok
    value: object
    args: list[object]
    grads: list[object] | None
    seconds: float
    cpu_seconds: float
    # ok: the exercise's forbidden names that ran during the call (confirmed by the parent)
    forbidden: list[str]
    # ok, with call options
    iterator: bool
    read: dict[str, object]
    arg_state: list[object]
    forward: object


# How a child ends when its own harness (not the submission) fails: the channel broke, or
# confining / serving raised. Unusual numbers, so a submission's exit(3) is not mistaken for them.
CHILD_WIRE_FAILURE = 113
CHILD_HARNESS_FAILURE = 114

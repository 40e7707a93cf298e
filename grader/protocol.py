"""Parent side of the protocol: `Build` specs, and receiving what the child sends as checked plain data.

Frames use the data-only format of `dlprep_common.codec` (a JSON tree and safetensors): the
decoder rebuilds only plain values, within a `Budget` checked before it allocates, and every
string passes through `sanitize.clean_text` as it is rebuilt, so nothing the submission wrote
reaches a report, a terminal or a CSV raw. No pickle is ever decoded here.

Fields of a reply are read through `field_text`, `field_int`, ...: a missing or ill-typed field
reads as empty, never as whatever object the child put there.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field

from dlprep.grader.caps import MIB
from dlprep.grader.sandbox_lib.dlprep_common.codec import Budget, Ledger
from dlprep.grader.sandbox_lib.dlprep_common.frames import (  # noqa: F401 - re-exported
    FrameTimeout,
    FrameTooLarge,
    FrameUndecodable,
    PeerClosed,
    WireError,
    recv_message,
    send_message,
)
from dlprep.grader.sandbox_lib.dlprep_common.messages import (  # noqa: F401 - re-exported
    BUILD_KEY,
    CALL_STATUSES,
    LOAD_STATUSES,
    REPLY_STATUSES,
    Reply,
)
from dlprep.grader.sanitize import (
    MAX_HOST_TEXT,
    MAX_TEXT,
    clean_int,
    clean_text,
    hide_host_paths,
    learner_traceback,
)

MAX_REPLY_BYTES = 256 * MIB
REPLY_BUDGET = Budget(tensor_bytes=MAX_REPLY_BYTES)
HOST_TEXT_FIELDS = ("traceback", "message", "stdout", "text")  # a reply's texts for the report


@dataclass(frozen=True, init=False)
class Build:
    """An object the child builds with a registered builder: `Build("lenet")`, `Build("fashion_iter", split=...)`."""

    name: str
    params: dict[str, object] = field(default_factory=dict)

    def __init__(self, name: str, **params: object) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "params", params)

    def to_wire(self) -> dict[str, object]:
        return {BUILD_KEY: self.name, "params": dict(self.params)}


def to_wire(value: object) -> object:
    """Arguments as sent to the child: `Build` becomes its marker dict, the rest is unchanged."""
    if isinstance(value, Build):
        return value.to_wire()
    if isinstance(value, (list, tuple)):
        return type(value)(to_wire(item) for item in value)
    if isinstance(value, dict):
        return {key: to_wire(item) for key, item in value.items()}
    return value


def recv_reply(
    sock: socket.socket,
    deadline: float,
    max_bytes: int = MAX_REPLY_BYTES,
    ledger: Ledger | None = None,
) -> Reply:
    """One reply from a child: a dict with a known `status`; raises WireError otherwise.

    Receiving and decoding both end by `deadline`; `ledger` is the submission's account of the
    replies the parent holds (`reply_budget.ReplyAccount`), charged before anything is allocated.
    """
    reply = recv_message(sock, deadline, max_bytes, REPLY_BUDGET, _clean, ledger)
    if not isinstance(reply, dict) or reply.get("status") not in REPLY_STATUSES:
        raise WireError("a malformed reply")
    for key in HOST_TEXT_FIELDS:  # the learner's text, never the host's paths or frames
        if isinstance(text := reply.get(key), str):
            text = text[-MAX_HOST_TEXT:] if key == "stdout" else text[:MAX_HOST_TEXT]
            reply[key] = learner_traceback(text) if key == "traceback" else hide_host_paths(text)
    return reply  # type: ignore[return-value]


def _clean(text: str) -> str:
    # Strings are rebuilt whole (values may hold long ones); only control characters and
    # surrogates are replaced here, lengths are cut where a string is shown.
    return clean_text(text, limit=None)


def field_text(reply: Reply | dict[str, object], key: str, limit: int | None = MAX_TEXT) -> str:
    value = reply.get(key)
    return clean_text(value, limit) if isinstance(value, str) else ""


def field_int(reply: Reply | dict[str, object], key: str, low: int, high: int) -> int | None:
    value = reply.get(key)
    return clean_int(value, low, high) if type(value) is int else None


def field_float(reply: Reply | dict[str, object], key: str) -> float:
    value = reply.get(key)
    return float(value) if type(value) in (int, float) and value == value else 0.0  # type: ignore[arg-type]

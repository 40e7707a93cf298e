"""Parent side of the protocol: `Build` specs, and the check that every value received is plain data.

Frames are decoded with `torch.load(weights_only=True)` (see `dlprep_child.wire`); on top of
that, `ensure_plain` walks the decoded value and accepts only exact built-in types and plain
tensors, so no object with its own `__eq__` can reach an assertion.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

import torch

from dlprep.grader.errors import UnsafeResult
from dlprep.grader.sandbox_lib.dlprep_child.values import BUILD_KEY
from dlprep.grader.sandbox_lib.dlprep_child.wire import (  # noqa: F401 - re-exported
    FrameTimeout,
    PeerClosed,
    WireError,
    recv_message,
    send_message,
)

_SCALARS = (
    bool,
    int,
    float,
    complex,
    str,
    bytes,
    type(None),
    torch.dtype,
    torch.device,
    torch.Size,
)
_MAX_DEPTH = 64


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


def ensure_plain(value: object, what: str = "the result", depth: int = 0) -> object:
    """Return `value` with parameters turned into plain tensors; raise UnsafeResult on anything else."""
    if depth > _MAX_DEPTH:
        raise UnsafeResult(f"{what} is nested more than {_MAX_DEPTH} levels deep")
    kind = type(value)
    if kind is torch.Tensor:
        return value
    if kind is torch.nn.Parameter:
        return value.detach()
    if kind in _SCALARS:
        return value
    if kind is list or kind is tuple:
        return kind(ensure_plain(item, what, depth + 1) for item in value)
    if kind is dict or kind is OrderedDict:
        return kind(
            (_plain_key(key, what), ensure_plain(item, what, depth + 1))
            for key, item in value.items()
        )
    raise UnsafeResult(f"{what} contains a {kind.__name__}, which is not plain data")


def _plain_key(key: object, what: str) -> object:
    if type(key) in (str, int):
        return key
    raise UnsafeResult(f"{what} has a dict key of type {type(key).__name__}")

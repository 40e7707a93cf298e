"""The boundary's data rules: what decodes, what `ensure_plain` accepts, how Build specs travel."""

from __future__ import annotations

import io
import socket
import time
from collections import OrderedDict

import pytest
import torch

from dlprep.grader.errors import UnsafeResult
from dlprep.grader.protocol import Build, ensure_plain, to_wire
from dlprep.grader.sandbox_lib.dlprep_child.values import (
    BUILD_KEY,
    NotPlain,
    arg_after_call,
    to_plain,
)
from dlprep.grader.sandbox_lib.dlprep_child.wire import (
    HEADER,
    FrameTimeout,
    PeerClosed,
    WireError,
    decode,
    encode,
    recv_message,
    send_message,
)


class AlwaysEqual:
    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = object.__hash__


class Agreeable(torch.Tensor):
    pass


def test_plain_values_round_trip() -> None:
    value = {
        "x": torch.arange(3.0, requires_grad=True),
        "n": [1, 2.5, True, None, "s"],
        "t": (torch.Size([2]),),
    }
    decoded = decode(encode(value))
    assert torch.equal(decoded["x"], value["x"]) and decoded["x"].requires_grad
    plain = ensure_plain(decoded)
    assert plain["n"] == value["n"] and plain["t"] == (torch.Size([2]),)


def test_objects_of_other_classes_do_not_decode() -> None:
    payload = io.BytesIO()
    torch.save({"value": AlwaysEqual()}, payload)
    with pytest.raises(WireError, match="AlwaysEqual"):
        decode(payload.getvalue())


def test_tensor_subclasses_do_not_decode() -> None:
    payload = io.BytesIO()
    torch.save(torch.zeros(2).as_subclass(Agreeable), payload)
    with pytest.raises(WireError):
        decode(payload.getvalue())


@pytest.mark.parametrize(
    "value",
    [
        AlwaysEqual(),
        torch.zeros(2).as_subclass(Agreeable),
        {1.5: 1},
        {"a": {1, 2}},
        [type("Num", (float,), {})(1.0)],
    ],
)
def test_ensure_plain_rejects_anything_but_exact_plain_types(value: object) -> None:
    with pytest.raises(UnsafeResult, match=r"not plain data|dict key"):
        ensure_plain(value)


def test_ensure_plain_turns_parameters_into_tensors_and_keeps_state_dicts() -> None:
    state = OrderedDict(weight=torch.nn.Parameter(torch.ones(2)))
    plain = ensure_plain(state)
    assert type(plain) is OrderedDict and type(plain["weight"]) is torch.Tensor


def test_ensure_plain_refuses_absurd_nesting() -> None:
    nested: list[object] = []
    for _ in range(100):
        nested = [nested]
    with pytest.raises(UnsafeResult, match="nested"):
        ensure_plain(nested)


def test_child_side_names_the_unsafe_type_and_turns_modules_into_state_dicts() -> None:
    with pytest.raises(NotPlain, match="AlwaysEqual"):
        to_plain(AlwaysEqual())
    layer = torch.nn.Linear(2, 1)
    assert set(arg_after_call(layer)) == {"weight", "bias"}  # type: ignore[arg-type]
    assert arg_after_call(iter([1])) is None
    optimizer = torch.optim.SGD(layer.parameters(), lr=0.5)
    state = arg_after_call(optimizer)  # any object with a state_dict() comes back as it
    assert isinstance(state, dict) and state["param_groups"][0]["lr"] == 0.5


def test_build_specs_travel_as_marker_dicts() -> None:
    spec = Build("fashion_iter", split="train", batch_size=256)
    assert to_wire([spec, {"k": spec}, 3]) == [
        {BUILD_KEY: "fashion_iter", "params": {"split": "train", "batch_size": 256}},
        {"k": {BUILD_KEY: "fashion_iter", "params": {"split": "train", "batch_size": 256}}},
        3,
    ]


def test_frames_over_the_cap_are_refused_unread() -> None:
    left, right = socket.socketpair()
    with left, right:
        send_message(left, torch.zeros(1000))
        with pytest.raises(WireError, match="exceeds the cap"):
            recv_message(right, max_bytes=100)


def test_closed_channel_and_deadline_are_distinct_errors() -> None:
    left, right = socket.socketpair()
    with right:
        with pytest.raises(FrameTimeout):
            recv_message(right, deadline=time.monotonic() + 0.05)
        left.sendall(HEADER.pack(10) + b"abc")
        left.close()
        with pytest.raises(PeerClosed):
            recv_message(right)

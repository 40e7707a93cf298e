"""The boundary's data rules: what the data-only wire format carries, and how Build specs travel."""

from __future__ import annotations

import socket
import time
from collections import OrderedDict

import pytest
import torch

from dlprep.grader.protocol import Build, recv_reply, to_wire
from dlprep.grader.sandbox_lib.dlprep_common.codec import (
    DecodeError,
    EncodeError,
    decode,
    encode,
)
from dlprep.grader.sandbox_lib.dlprep_common.frames import (
    HEADER,
    FrameTimeout,
    FrameTooLarge,
    PeerClosed,
    WireError,
    recv_message,
    send_message,
)
from dlprep.grader.sandbox_lib.dlprep_common.messages import BUILD_KEY


class AlwaysEqual:
    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = object.__hash__


class Agreeable(torch.Tensor):
    pass


def test_plain_values_round_trip() -> None:
    value = {
        "x": torch.arange(3.0, requires_grad=True),
        "n": [1, 2.5, True, None, "s", b"\x00b", 1 + 2j],
        "t": (torch.Size([2]), torch.float64, torch.device("cpu")),
        3: OrderedDict(w=torch.nn.Parameter(torch.ones(2, 2))),
        "empty": torch.zeros(0, 3, dtype=torch.int64),
        "mask": torch.tensor([True, False]),
    }
    decoded = decode(encode(value))
    assert isinstance(decoded, dict)
    assert torch.equal(decoded["x"], value["x"]) and decoded["x"].requires_grad  # type: ignore[arg-type]
    assert decoded["n"] == value["n"] and decoded["t"] == value["t"]
    assert type(decoded[3]["w"]) is torch.Tensor and decoded[3]["w"].shape == (2, 2)
    assert decoded["empty"].shape == (0, 3) and decoded["mask"].dtype == torch.bool


def test_views_and_broadcasts_cross_as_their_own_dense_copies() -> None:
    base = torch.arange(6.0)
    broadcast = torch.ones(1).expand(1000)
    decoded = decode(encode([base[::2], broadcast]))
    assert isinstance(decoded, list)
    assert decoded[0].tolist() == [0.0, 2.0, 4.0] and decoded[0].is_contiguous()
    assert decoded[1].untyped_storage().nbytes() == 4000  # what it claims is what was sent


@pytest.mark.parametrize(
    "value",
    [
        AlwaysEqual(),
        torch.zeros(2).as_subclass(Agreeable),
        {1.5: 1},
        {"a": {1, 2}},
        [type("Num", (float,), {})(1.0)],
        torch.zeros(2, dtype=torch.complex64),
    ],
)
def test_encoder_refuses_anything_but_exact_plain_types(value: object) -> None:
    with pytest.raises(EncodeError):
        encode(value)


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
        with pytest.raises(FrameTooLarge, match="exceeds the cap"):
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


def test_a_pickle_is_just_undecodable_bytes() -> None:
    import io

    buffer = io.BytesIO()
    torch.save({"status": "ok", "value": torch.ones(2)}, buffer)
    with pytest.raises(DecodeError):
        decode(buffer.getvalue())


def test_replies_need_a_known_status_and_their_strings_arrive_clean() -> None:
    left, right = socket.socketpair()
    with left, right:
        send_message(left, {"status": "owned"})
        with pytest.raises(WireError, match="malformed"):
            recv_reply(right, time.monotonic() + 5)
        send_message(left, {"status": "ok", "stdout": "\x1b[2Jhi\ud800\r\n"})
        reply = recv_reply(right, time.monotonic() + 5)
        assert reply["stdout"] == "\\x1b[2Jhi\ufffd\\x0d\n"

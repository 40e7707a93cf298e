"""The parent's account of one submission's replies, and the deadline of receiving + decoding one.

No sandbox here: frames are decoded (and sent over socket pairs) directly, so each rule of
`reply_budget.ReplyAccount` and of `frames.recv_message`'s deadline is checked on its own.
The same attacks through the real grader are in test_grader_hardening_reply_budget.py.
"""

from __future__ import annotations

import gc
import json
import socket
import struct
import threading
import time
from collections.abc import Iterator

import pytest
import torch

from dlprep.grader.caps import MIB, REPLY_MEMORY_FACTOR, REPLY_TOTAL_FACTOR
from dlprep.grader.protocol import REPLY_BUDGET, _clean, recv_reply
from dlprep.grader.reply_budget import ReplyAccount
from dlprep.grader.sandbox_lib.dlprep_common.codec import (
    JSON_HEADER,
    DecodeTimeout,
    TooLarge,
    decode,
    encode,
)
from dlprep.grader.sandbox_lib.dlprep_common.frames import (
    HEADER,
    FrameTimeout,
    FrameTooLarge,
    recv_message,
)


def reply_with(megabytes: int) -> bytes:
    return encode({"status": "ok", "value": torch.zeros(megabytes * MIB, dtype=torch.uint8)})


def received(frame: bytes, account: ReplyAccount) -> object:
    """What `frames.recv_message` does with a frame: admitted by length, then decoded."""
    with account.frame(len(frame)):
        return decode(frame, REPLY_BUDGET, _clean, account)


def test_the_budget_is_the_exercises_memory_times_the_factors() -> None:
    account = ReplyAccount.for_memory(2048)
    assert account.live_limit == int(2048 * MIB * REPLY_MEMORY_FACTOR)
    assert account.total_limit == int(2048 * MIB * REPLY_TOTAL_FACTOR)


def test_tensors_count_while_alive_and_a_reply_that_does_not_fit_is_refused() -> None:
    account = ReplyAccount(100 * MIB, 10**12)
    kept = [received(reply_with(30), account)]
    kept.append(received(reply_with(30), account))
    assert account.tensor_bytes == 60 * MIB
    with pytest.raises(TooLarge, match="held at once"):
        received(reply_with(30), account)  # 60 held + 30 frame + 30 copy
    assert account.tensor_bytes == 60 * MIB  # nothing of the refused reply was allocated
    kept.clear()
    assert account.tensor_bytes == 0
    assert received(reply_with(30), account) is not None


def test_a_view_keeps_its_tensors_bytes_counted() -> None:
    account = ReplyAccount(10**12, 10**12)
    value = received(reply_with(8), account)["value"]  # type: ignore[index]
    view = value[:1]
    graph = value[1:2].float().requires_grad_()
    del value
    assert account.tensor_bytes == 8 * MIB  # the view holds the whole storage
    del view, graph
    assert account.tensor_bytes == 0


def test_garbage_cycles_holding_tensors_are_collected_before_a_refusal() -> None:
    account = ReplyAccount(45 * MIB, 10**12)
    cycle: list[object] = [received(reply_with(20), account)]
    cycle.append(cycle)
    enabled = gc.isenabled()
    gc.disable()
    try:
        del cycle
        assert account.tensor_bytes == 20 * MIB
        received(reply_with(15), account)  # 20 held + 2 x 15: fits only once the cycle is gone
    finally:
        if enabled:
            gc.enable()


def test_the_structure_counts_until_the_test_ends() -> None:
    account = ReplyAccount(20 * MIB, 10**12)
    wide = encode({"status": "ok", "value": [[] for _ in range(20_000)]})
    for _ in range(3):
        received(wide, account)
    assert account.structure_bytes > 20_000 * 3 * 64
    with pytest.raises(TooLarge):
        for _ in range(10):
            received(wide, account)
    account.end_test()
    assert account.structure_bytes == 0
    received(wide, account)


def test_frames_are_admitted_by_length_before_they_are_read() -> None:
    account = ReplyAccount(100 * MIB, 150 * MIB)
    left, right = socket.socketpair()
    with left, right:
        left.sendall(HEADER.pack(101 * MIB))  # the payload never comes: it must not be awaited
        with pytest.raises(FrameTooLarge):
            recv_message(right, time.monotonic() + 30, 256 * MIB, REPLY_BUDGET, None, account)
        assert account.frame_bytes == 0 and account.total_bytes == 0


def test_all_replies_together_stop_at_the_total_budget() -> None:
    account = ReplyAccount(100 * MIB, 50 * MIB)
    frame = reply_with(10)
    for _ in range(4):
        received(frame, account)
    with pytest.raises(TooLarge, match="in all"), account.frame(len(frame)):
        pass


@pytest.fixture
def channel() -> Iterator[tuple[socket.socket, socket.socket]]:
    left, right = socket.socketpair()
    with left, right:
        yield left, right


def trickle(sock: socket.socket, data: bytes, pause: float, stop: threading.Event) -> None:
    for index in range(len(data)):
        if stop.is_set():
            return
        try:
            sock.sendall(data[index : index + 1])
        except OSError:
            return
        time.sleep(pause)


@pytest.mark.parametrize("part", ["header", "payload"])
def test_a_trickled_frame_is_bounded_by_the_deadline(
    channel: tuple[socket.socket, socket.socket], part: str
) -> None:
    """One byte every 50 ms would take minutes; the receiver gives up at its deadline."""
    sender, receiver = channel
    payload = encode({"status": "ok", "value": "x" * 4000})
    data = HEADER.pack(len(payload)) + payload
    if part == "payload":
        sender.sendall(data[: HEADER.size + 10])
        data = data[HEADER.size + 10 :]
    stop = threading.Event()
    thread = threading.Thread(target=trickle, args=(sender, data, 0.05, stop), daemon=True)
    thread.start()
    started = time.monotonic()
    try:
        with pytest.raises(FrameTimeout):
            recv_reply(receiver, time.monotonic() + 1.0)
    finally:
        stop.set()
        thread.join()
    assert time.monotonic() - started < 30  # generous: the frame alone would need 200 s


def test_decoding_past_the_deadline_is_a_timeout() -> None:
    with pytest.raises(DecodeTimeout):
        decode(reply_with(1), REPLY_BUDGET, deadline=time.monotonic() - 1)


def test_a_slow_decode_counts_against_the_frames_deadline(
    channel: tuple[socket.socket, socket.socket],
) -> None:
    """Strings that are slow to clean: the decoder stops at the deadline, not at the end."""
    sender, receiver = channel
    text = json.dumps(["s"] * 40_000).encode()
    payload = JSON_HEADER.pack(len(text)) + text
    sender.sendall(HEADER.pack(len(payload)) + payload)

    def slow_clean(value: str) -> str:
        time.sleep(0.001)  # 40 s for all of them
        return _clean(value)

    started = time.monotonic()
    with pytest.raises(FrameTimeout):
        recv_message(receiver, time.monotonic() + 0.5, 256 * MIB, REPLY_BUDGET, slow_clean)
    assert time.monotonic() - started < 30


def test_a_reply_decoded_after_its_deadline_is_late(
    channel: tuple[socket.socket, socket.socket],
) -> None:
    """The last check comes after decoding: a frame read in time but decoded late still times out."""
    sender, receiver = channel
    payload = encode({"status": "ok", "value": "late"})
    sender.sendall(HEADER.pack(len(payload)) + payload)
    deadline = time.monotonic() + 0.2

    def slow_clean(value: str) -> str:
        time.sleep(0.3)
        return value

    with pytest.raises(FrameTimeout):
        recv_message(receiver, deadline, 256 * MIB, REPLY_BUDGET, slow_clean)


def test_replies_within_every_budget_decode_as_before() -> None:
    account = ReplyAccount.for_memory(256)
    payload = encode({"status": "ok", "value": (torch.arange(4), [1.5, "x"], torch.zeros(0, 3))})
    value = decode(payload, REPLY_BUDGET, _clean, account, time.monotonic() + 60)
    assert isinstance(value, dict) and torch.equal(value["value"][0], torch.arange(4))
    assert value["value"][2].shape == (0, 3)
    assert struct.calcsize(">Q") == HEADER.size

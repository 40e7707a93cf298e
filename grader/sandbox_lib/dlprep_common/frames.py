"""Length-prefixed frames on a socket, each carrying one `codec` payload.

A frame is an 8-byte big-endian length and the payload. The receiver refuses a length over its
cap (or over what its ledger still admits) before reading a byte of the payload
(`FrameTooLarge`), reads and decodes under one deadline (`FrameTimeout`), and decodes with its
`Budget` (`codec.decode`): every way a peer's bytes can fail is a `WireError`.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the codec imports torch: loaded on first use, so a parent can start a
    from .codec import Budget, Ledger  # zygote before it imports torch itself

HEADER = struct.Struct(">Q")
DEFAULT_MAX_BYTES = 256 * 1024 * 1024


class WireError(Exception):
    """The peer closed the channel, sent a frame over the cap, or sent bytes that do not decode."""


class PeerClosed(WireError):
    """The other end closed the channel (usually: the process died)."""


class FrameTimeout(WireError):
    """No complete frame arrived before the deadline."""


class FrameTooLarge(WireError):
    """The frame, or what it asks the decoder to build, is over the receiver's budget."""


class FrameUndecodable(WireError):
    """A complete frame whose bytes are not plain data of the codec (the peer is still there)."""


def send_message(sock: socket.socket, obj: object, deadline: float | None = None) -> None:
    """Send one frame; with a `deadline` a peer that stops reading ends it as FrameTimeout."""
    from .codec import encode

    payload = encode(obj)
    if deadline is not None:
        sock.settimeout(_remaining(deadline))
    try:
        sock.sendall(HEADER.pack(len(payload)) + payload)
    except TimeoutError:
        raise FrameTimeout("the peer did not take the message before the deadline") from None


def recv_message(
    sock: socket.socket,
    deadline: float | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    budget: Budget | None = None,
    clean: Callable[[str], str] | None = None,
    ledger: Ledger | None = None,
) -> object:
    """Read and decode one frame; `deadline` is a time.monotonic() value (None waits forever).

    The deadline bounds the whole of it: every read (a peer trickling bytes gets no more time)
    and the decoding, checked as it goes and once more at the end. A `ledger` admits the frame's
    length before a byte of it is read, and is the decoder's ledger (see `codec.Ledger`).
    """
    (length,) = HEADER.unpack(_recv_exact(sock, HEADER.size, deadline))
    if length > max_bytes:
        raise FrameTooLarge(f"a frame of {length} bytes exceeds the cap of {max_bytes} bytes")
    from .codec import DEFAULT_BUDGET, DecodeError, DecodeTimeout, TooLarge, decode

    try:
        with ledger.frame(length) if ledger is not None else contextlib.nullcontext():
            payload = _recv_exact(sock, length, deadline)
            value = decode(payload, budget or DEFAULT_BUDGET, clean, ledger, deadline)
            del payload  # the frame is freed before the ledger lets go of its bytes
    except DecodeTimeout:
        raise FrameTimeout("decoding the answer went past the deadline") from None
    except TooLarge as error:
        raise FrameTooLarge(str(error)) from None
    except DecodeError as error:
        raise FrameUndecodable(f"undecodable frame: {error}") from None
    _remaining(deadline)  # decoded, but after the deadline: as late as no answer
    return value


def _recv_exact(sock: socket.socket, size: int, deadline: float | None) -> bytearray:
    """Exactly `size` bytes (already checked against the cap), read into one buffer of that size.

    Growing a buffer chunk by chunk copies it as it grows (about twice the frame at the peak).
    """
    buffer = bytearray(size)
    view = memoryview(buffer)
    received = 0
    while received < size:
        sock.settimeout(_remaining(deadline))
        try:
            count = sock.recv_into(view[received:], min(size - received, 1 << 20))
        except TimeoutError:
            raise FrameTimeout("no answer before the deadline") from None
        except OSError as error:
            raise PeerClosed(f"channel error: {error.strerror}") from None
        if not count:
            raise PeerClosed("the other end closed the channel")
        received += count
    view.release()
    return buffer


def _remaining(deadline: float | None) -> float | None:
    if deadline is None:
        return None
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FrameTimeout("no answer before the deadline")
    return remaining

"""Wire format shared by the parent, the zygote and the child: length-prefixed torch.save frames.

A frame is an 8-byte big-endian length followed by `torch.save(obj)`. Frames are decoded with
`torch.load(weights_only=True)`, which only rebuilds tensors, numbers, strings, containers and a
few torch value types; anything else (a learner's class, a tensor subclass, a function) fails to
decode. Frames longer than the receiver's cap are refused before they are read.

torch is imported on first use, so a parent can start a zygote while it imports torch itself.
"""

from __future__ import annotations

import io
import socket
import struct
import time

HEADER = struct.Struct(">Q")
DEFAULT_MAX_BYTES = 256 * 1024 * 1024


class WireError(Exception):
    """The peer closed the channel, sent a frame over the cap, or sent bytes that do not decode."""


class PeerClosed(WireError):
    """The other end closed the channel (usually: the process died)."""


class FrameTimeout(WireError):
    """No complete frame arrived before the deadline."""


def encode(obj: object) -> bytes:
    """Serialise plain data with torch.save (tensors keep dtype, shape and requires_grad)."""
    import torch

    buffer = io.BytesIO()
    torch.save(obj, buffer)
    return buffer.getvalue()


def decode(payload: bytes) -> object:
    """Deserialise with torch.load(weights_only=True); refuses every non-plain global."""
    import torch

    try:
        return torch.load(io.BytesIO(payload), weights_only=True, map_location="cpu")
    except Exception as error:  # the unpickler raises many types on hostile input
        raise WireError(f"undecodable frame: {_summary(error)}") from None


def send_message(sock: socket.socket, obj: object) -> None:
    payload = encode(obj)
    sock.sendall(HEADER.pack(len(payload)) + payload)


def recv_message(
    sock: socket.socket, deadline: float | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> object:
    """Read one frame; `deadline` is a time.monotonic() value (None waits forever)."""
    (length,) = HEADER.unpack(_recv_exact(sock, HEADER.size, deadline))
    if length > max_bytes:
        raise WireError(f"frame of {length} bytes exceeds the cap of {max_bytes} bytes")
    return decode(_recv_exact(sock, length, deadline))


def _recv_exact(sock: socket.socket, size: int, deadline: float | None) -> bytes:
    chunks = bytearray()
    while len(chunks) < size:
        sock.settimeout(_remaining(deadline))
        try:
            chunk = sock.recv(min(size - len(chunks), 1 << 20))
        except TimeoutError:
            raise FrameTimeout("no answer before the deadline") from None
        except OSError as error:
            raise PeerClosed(f"channel error: {error}") from None
        if not chunk:
            raise PeerClosed("the other end closed the channel")
        chunks += chunk
    return bytes(chunks)


def _remaining(deadline: float | None) -> float | None:
    if deadline is None:
        return None
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FrameTimeout("no answer before the deadline")
    return remaining


def _summary(error: BaseException) -> str:
    """The line of torch's long weights_only message that names the refused global, if any."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    named = [line for line in lines if "GLOBAL" in line or "Unsupported" in line]
    return f"{type(error).__name__}: {(named or lines or [''])[0]}"[:300]

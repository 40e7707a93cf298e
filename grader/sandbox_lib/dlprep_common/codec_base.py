"""What the codec's encoder and decoder share: the dtypes that may cross, limits, errors, budgets.

Kept apart from `codec` (the format itself) so each stays short; `codec` re-exports every name,
so `from dlprep_common.codec import Budget, DecodeError, ...` is the one way in.
"""

from __future__ import annotations

import math
import struct
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

import torch

JSON_HEADER = struct.Struct(">I")
SAFETENSORS_HEADER = struct.Struct("<Q")
MIB = 1024 * 1024

# safetensors dtype names <-> torch dtypes allowed across the boundary, with their sizes.
DTYPES: dict[str, torch.dtype] = {
    "F64": torch.float64,
    "F32": torch.float32,
    "F16": torch.float16,
    "BF16": torch.bfloat16,
    "I64": torch.int64,
    "I32": torch.int32,
    "I16": torch.int16,
    "I8": torch.int8,
    "U8": torch.uint8,
    "BOOL": torch.bool,
}
DTYPE_NAMES = {dtype: name for name, dtype in DTYPES.items()}
# torch.dtype values that may cross as values (e.g. a test passing dtype=torch.float64).
VALUE_DTYPES = {str(dtype).removeprefix("torch."): dtype for dtype in DTYPES.values()}
MAX_DIMS = 8
MAX_ELEMENTS = 2**40  # per dim, and the product of the non-zero dims (zero-element tensors too)
MAX_INT_DIGITS = 40  # ints longer than this are no data a test needs (and cost to parse)
MAX_DEVICE_CHARS = 16
# What decoding a payload may cost beyond its tensors, for a receiver's Ledger: per node of the
# JSON texts, the parsed and the rebuilt object alive together (an empty list and its slot,
# twice: about 128 bytes); per byte of text, its copies: the bytes, then the text as str, the
# parsed strings and their cleaned copies (up to 4 bytes a character each: a str is as wide as
# its widest character).
NODE_BYTES = 128
TEXT_COPIES = 1 + 3 * 4


class DecodeError(ValueError):
    """The bytes are not a well-formed payload of this format."""


class TooLarge(DecodeError):
    """The payload asks for more than its budget (nodes, depth, string, tensor bytes)."""


class DecodeTimeout(DecodeError):
    """Decoding went past the receiver's deadline (the time counts against the call's)."""


class EncodeError(TypeError):
    """A value that has no representation in this format (the message names its type)."""


@dataclass(frozen=True)
class Budget:
    """Limits a decoder enforces on one payload, before and while it allocates."""

    json_bytes: int = 4 * MIB
    nodes: int = 500_000
    depth: int = 64
    string_chars: int = 1 * MIB
    tensor_bytes: int = 256 * MIB
    tensors: int = 4096
    header_bytes: int = 1 * MIB


DEFAULT_BUDGET = Budget()


class Ledger(Protocol):
    """A receiver's running account across payloads (the parent's: one per submission).

    `frame` admits a whole frame by its length before a byte of it is read and holds it while
    it is decoded; `reserve` is told what the payload will allocate before the decoder
    allocates any of it; both raise TooLarge to refuse. `track` is given each tensor's buffer
    right after it is made, so the ledger can tell when the last view of it is gone
    (weakref.finalize).
    """

    def frame(self, nbytes: int) -> AbstractContextManager[None]: ...

    def reserve(self, structure_bytes: int, tensor_bytes: int) -> None: ...

    def track(self, buffer: TrackedBuffer, nbytes: int) -> None: ...


class TrackedBuffer(bytearray):
    """The private copy behind one decoded tensor; weak-referenceable, so a ledger can follow it.

    `torch.frombuffer` keeps the buffer alive as long as the tensor's storage (every view, every
    autograd graph holding it): the buffer dies exactly when the tensor's memory is freed.
    """

    __slots__ = ("__weakref__",)


def check_tensor_header(
    header: dict[str, object], data_bytes: int, budget: Budget
) -> list[tuple[str, torch.dtype, tuple[int, ...], int, int]]:
    """(name, dtype, shape, begin, end) of each tensor, by offset; the data filled exactly."""
    entries = []
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if not isinstance(entry, dict) or set(entry) != {"dtype", "shape", "data_offsets"}:
            raise DecodeError("a tensor entry is not {dtype, shape, data_offsets}")
        dtype = DTYPES.get(entry["dtype"]) if isinstance(entry["dtype"], str) else None
        if dtype is None:
            raise DecodeError("a tensor of a dtype that may not cross")
        shape = check_shape(entry["shape"])
        offsets = entry["data_offsets"]
        if (
            not isinstance(offsets, list)
            or len(offsets) != 2
            or not all(type(offset) is int for offset in offsets)
        ):
            raise DecodeError("bad data_offsets")
        begin, finish = offsets
        size = math.prod(shape) * torch.empty(0, dtype=dtype).element_size()
        if size > budget.tensor_bytes or finish - begin != size:
            raise TooLarge("a tensor whose size does not match its bytes, or over the budget")
        entries.append((name, dtype, shape, begin, finish))
    if len(entries) > budget.tensors:
        raise TooLarge(f"more than {budget.tensors} tensors")
    entries.sort(key=lambda item: item[3])
    position = 0
    for _, _, _, begin, finish in entries:
        if begin != position:
            raise DecodeError("tensor data overlaps or leaves gaps")
        position = finish
    if position != data_bytes:
        raise DecodeError("tensor data does not fill the payload")
    if position > budget.tensor_bytes:
        raise TooLarge(f"tensors of {position} bytes (limit {budget.tensor_bytes})")
    return entries


def check_shape(value: object) -> tuple[int, ...]:
    """A tensor shape or torch.Size of sizes whose strides fit in int64."""
    if not isinstance(value, list) or len(value) > MAX_DIMS:
        raise DecodeError("a tensor shape is not a short list")
    if not all(type(dim) is int and 0 <= dim < MAX_ELEMENTS for dim in value):
        raise DecodeError("a tensor shape holds something other than sizes")
    if math.prod(max(1, dim) for dim in value) >= MAX_ELEMENTS:  # strides must stay in int64
        raise DecodeError("a tensor shape whose dims multiply past the element limit")
    return tuple(value)

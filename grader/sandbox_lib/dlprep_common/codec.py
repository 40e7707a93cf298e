"""The wire's data-only format: a JSON tree for the structure, safetensors for the tensors.

    payload = 4-byte big-endian JSON length | JSON structure | safetensors bytes (may be empty)

No code path of the decoder can run anything a peer chose: JSON has no objects beyond dicts,
lists, strings and numbers, and the safetensors part is parsed here (its header is JSON too)
and checked against a `Budget` before a single tensor byte is allocated. The structure is a
tree (no shared references), so what it rebuilds is never larger than what was sent.

Nodes: null, true, false, numbers, strings and lists stand for themselves; every JSON object is
a tagged node `{"$": tag, ...}`:

    tuple {"v": [..]}    dict {"k": [keys], "v": [values]} (keys str or int)
    tensor {"n": name in the safetensors part, "g": requires_grad}
    dtype {"v": "float32"}   device {"v": "cpu"}   size {"v": [ints]}
    complex {"v": [re, im]}  bytes {"v": base64}

`decode` returns only plain data: exact `list`, `tuple`, `dict`, `str`, `int`, `float`, `bool`,
`None`, `bytes`, `complex`, `torch.dtype`, `torch.device`, `torch.Size` and `torch.Tensor`
(dense, contiguous, CPU, an allowed dtype, no attributes of its own). Every failure raises
`DecodeError` (a `ValueError`), or `TooLarge` when a budget is exceeded.
"""

from __future__ import annotations

import base64
import gc
import json
import math
import struct
from collections.abc import Callable
from dataclasses import dataclass

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


class DecodeError(ValueError):
    """The bytes are not a well-formed payload of this format."""


class TooLarge(DecodeError):
    """The payload asks for more than its budget (nodes, depth, string, tensor bytes)."""


class EncodeError(TypeError):
    """A value that has no representation in this format (the message names its type)."""


@dataclass(frozen=True)
class Budget:
    """Limits a decoder enforces before and while it allocates."""

    json_bytes: int = 4 * MIB
    nodes: int = 500_000
    depth: int = 64
    string_chars: int = 1 * MIB
    tensor_bytes: int = 256 * MIB
    tensors: int = 4096
    header_bytes: int = 1 * MIB


DEFAULT_BUDGET = Budget()


# ---------------------------------------------------------------------------------- encoding


def encode(value: object) -> bytes:
    """Serialise plain data; raises EncodeError on anything else."""
    tensors: dict[str, torch.Tensor] = {}
    tree = _encode_node(value, tensors, 0)
    structure = json.dumps(tree, separators=(",", ":"), allow_nan=True).encode("utf-8")
    blob = b""
    if tensors:
        from safetensors.torch import save

        blob = save(tensors)
    return JSON_HEADER.pack(len(structure)) + structure + blob


def _encode_node(value: object, tensors: dict[str, torch.Tensor], depth: int) -> object:
    if depth > DEFAULT_BUDGET.depth:
        raise EncodeError(f"a value nested more than {DEFAULT_BUDGET.depth} levels deep")
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return value
    if kind is list:
        return [_encode_node(item, tensors, depth + 1) for item in value]  # type: ignore[attr-defined]
    if kind is tuple:
        return {"$": "tuple", "v": [_encode_node(item, tensors, depth + 1) for item in value]}  # type: ignore[attr-defined]
    if isinstance(value, dict) and kind.__module__ in ("builtins", "collections"):
        keys, values = [], []
        for key, item in value.items():
            if type(key) not in (str, int):
                raise EncodeError(f"a dict key of type {type(key).__name__}")
            keys.append(key)
            values.append(_encode_node(item, tensors, depth + 1))
        return {"$": "dict", "k": keys, "v": values}
    if kind is torch.Tensor or kind is torch.nn.Parameter:
        return _encode_tensor(value, tensors)  # type: ignore[arg-type]
    if kind is torch.dtype:
        if value not in DTYPE_NAMES:
            raise EncodeError(f"the dtype {value}")
        return {"$": "dtype", "v": str(value).removeprefix("torch.")}
    if kind is torch.device:
        return {"$": "device", "v": str(value)}
    if kind is torch.Size:
        return {"$": "size", "v": [int(dim) for dim in value]}  # type: ignore[attr-defined]
    if kind is complex:
        return {"$": "complex", "v": [value.real, value.imag]}  # type: ignore[attr-defined]
    if kind is bytes:
        return {"$": "bytes", "v": base64.b64encode(value).decode("ascii")}  # type: ignore[arg-type]
    raise EncodeError(f"a value of type {kind.__qualname__}")


def _encode_tensor(tensor: torch.Tensor, tensors: dict[str, torch.Tensor]) -> dict[str, object]:
    if tensor.layout != torch.strided or tensor.is_quantized or tensor.dtype not in DTYPE_NAMES:
        raise EncodeError(f"a {tensor.dtype} tensor with layout {tensor.layout}")
    name = str(len(tensors))
    # Own contiguous CPU storage: views, broadcasts and shared storage become plain copies.
    tensors[name] = tensor.detach().to("cpu").contiguous().clone()
    return {"$": "tensor", "n": name, "g": bool(tensor.requires_grad)}


# ---------------------------------------------------------------------------------- decoding


def decode(
    payload: bytes | bytearray | memoryview,
    budget: Budget = DEFAULT_BUDGET,
    clean: Callable[[str], str] | None = None,
) -> object:
    """Rebuild plain data from `payload` within `budget`; `clean` filters every string."""
    view = memoryview(payload)
    if len(view) < JSON_HEADER.size:
        raise DecodeError("truncated payload")
    (json_length,) = JSON_HEADER.unpack(view[: JSON_HEADER.size])
    if json_length > budget.json_bytes:
        raise TooLarge(f"a structure of {json_length} bytes (limit {budget.json_bytes})")
    end = JSON_HEADER.size + json_length
    if end > len(view):
        raise DecodeError("truncated structure")
    try:
        tree = _parse_json(view[JSON_HEADER.size : end], budget)
        tensors = _decode_tensors(view[end:], budget)
        return _Rebuild(tensors, budget, clean).node(tree, 0)
    except DecodeError:
        raise
    except MemoryError:
        raise TooLarge("a value the decoder could not allocate") from None
    except Exception as error:  # torch or the cleaner refusing a value: still the peer's bytes
        raise DecodeError(f"an undecodable value ({type(error).__name__})") from None


def _parse_json(data: memoryview, budget: Budget) -> object:
    """JSON text to lists, dicts and scalars; objects and long numbers are counted as they parse.

    Before parsing, brackets and commas bound the number of nodes (strings holding them only
    make the bound stricter); the collector is paused meanwhile, as a million fresh
    containers would make it rescan the heap again and again.
    """
    raw = bytes(data)
    if raw.count(b"[") + raw.count(b"{") + raw.count(b",") >= budget.nodes:
        raise TooLarge(f"more than {budget.nodes} values")
    objects = 0

    def on_object(pairs: list[tuple[str, object]]) -> dict[str, object]:
        nonlocal objects
        objects += 1
        if objects > budget.nodes:
            raise TooLarge(f"more than {budget.nodes} objects")
        return dict(pairs)

    def on_int(text: str) -> int:
        if len(text) > MAX_INT_DIGITS:
            raise TooLarge(f"an integer of {len(text)} digits")
        return int(text)

    enabled = gc.isenabled()
    gc.disable()
    try:
        text = raw.decode("utf-8")
        return json.loads(text, object_pairs_hook=on_object, parse_int=on_int)
    except TooLarge:
        raise
    except RecursionError:
        raise TooLarge("a structure nested too deeply") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise DecodeError(f"malformed structure: {type(error).__name__}") from None
    finally:
        if enabled:
            gc.enable()


def _decode_tensors(blob: memoryview, budget: Budget) -> dict[str, torch.Tensor]:
    """The safetensors part: header checked in full, then one copy per tensor."""
    if len(blob) == 0:
        return {}
    if len(blob) < SAFETENSORS_HEADER.size:
        raise DecodeError("truncated tensor header")
    (header_length,) = SAFETENSORS_HEADER.unpack(blob[: SAFETENSORS_HEADER.size])
    if header_length > budget.header_bytes:
        raise TooLarge(f"a tensor header of {header_length} bytes")
    start = SAFETENSORS_HEADER.size + header_length
    if start > len(blob):
        raise DecodeError("truncated tensor header")
    header = _parse_json(blob[SAFETENSORS_HEADER.size : start], budget)
    if not isinstance(header, dict):
        raise DecodeError("the tensor header is not an object")
    data = blob[start:]
    entries = _check_header(header, len(data), budget)
    tensors: dict[str, torch.Tensor] = {}
    for name, dtype, shape, begin, finish in entries:
        raw = bytearray(data[begin:finish])  # a private copy, the only allocation per tensor
        if dtype is torch.bool and raw.translate(None, b"\x00\x01"):
            raise DecodeError("a bool tensor holding bytes other than 0 and 1")
        flat = torch.frombuffer(raw, dtype=dtype) if raw else torch.empty(0, dtype=dtype)
        tensors[name] = flat.reshape(shape)
    return tensors


def _check_header(
    header: dict[str, object], data_bytes: int, budget: Budget
) -> list[tuple[str, torch.dtype, tuple[int, ...], int, int]]:
    entries = []
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if not isinstance(entry, dict) or set(entry) != {"dtype", "shape", "data_offsets"}:
            raise DecodeError("a tensor entry is not {dtype, shape, data_offsets}")
        dtype = DTYPES.get(entry["dtype"]) if isinstance(entry["dtype"], str) else None
        if dtype is None:
            raise DecodeError("a tensor of a dtype that may not cross")
        shape = _shape(entry["shape"])
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


def _shape(value: object) -> tuple[int, ...]:
    if not isinstance(value, list) or len(value) > MAX_DIMS:
        raise DecodeError("a tensor shape is not a short list")
    if not all(type(dim) is int and 0 <= dim < MAX_ELEMENTS for dim in value):
        raise DecodeError("a tensor shape holds something other than sizes")
    if math.prod(max(1, dim) for dim in value) >= MAX_ELEMENTS:  # strides must stay in int64
        raise DecodeError("a tensor shape whose dims multiply past the element limit")
    return tuple(value)


class _Rebuild:
    """Walks the parsed tree once (a tree: each node is visited once) into plain values."""

    def __init__(
        self, tensors: dict[str, torch.Tensor], budget: Budget, clean: Callable[[str], str] | None
    ) -> None:
        self.tensors = tensors
        self.budget = budget
        self.clean = clean
        self.nodes = 0

    def node(self, value: object, depth: int) -> object:
        self.nodes += 1
        if self.nodes > self.budget.nodes:
            raise TooLarge(f"more than {self.budget.nodes} values")
        if depth > self.budget.depth:
            raise TooLarge(f"nested more than {self.budget.depth} levels deep")
        kind = type(value)
        if value is None or kind in (bool, int, float):
            return value
        if kind is str:
            return self.text(value)  # type: ignore[arg-type]
        if kind is list:
            return [self.node(item, depth + 1) for item in value]  # type: ignore[attr-defined]
        if kind is dict:
            return self.tagged(value, depth)  # type: ignore[arg-type]
        raise DecodeError("an unknown node")

    def text(self, value: str) -> str:
        if len(value) > self.budget.string_chars:
            raise TooLarge(f"a string of {len(value)} characters")
        return self.clean(value) if self.clean is not None else value

    def tagged(self, node: dict[str, object], depth: int) -> object:
        tag = node.get("$")
        content = node.get("v")
        if tag == "tuple" and type(content) is list:
            return tuple(self.node(item, depth + 1) for item in content)
        if tag == "dict":
            return self.mapping(node.get("k"), content, depth)
        if tag == "tensor":
            return self.tensor(node.get("n"), node.get("g"))
        if tag == "dtype" and type(content) is str and content in VALUE_DTYPES:
            return VALUE_DTYPES[content]
        if tag == "device" and type(content) is str and len(content) <= MAX_DEVICE_CHARS:
            try:
                return torch.device(content)
            except RuntimeError:
                raise DecodeError("a bad device") from None
        if tag == "size" and type(content) is list and len(content) <= MAX_DIMS:
            return torch.Size(_shape(content))
        if tag == "complex" and type(content) is list and len(content) == 2:
            real, imag = content
            if type(real) in (int, float) and type(imag) in (int, float):
                return complex(real, imag)
        if tag == "bytes" and type(content) is str:
            if len(content) > self.budget.string_chars:
                raise TooLarge("bytes over the string budget")
            try:
                return base64.b64decode(content, validate=True)
            except ValueError:
                raise DecodeError("bad base64") from None
        raise DecodeError("an unknown or malformed tagged node")

    def mapping(self, keys: object, values: object, depth: int) -> dict[object, object]:
        if type(keys) is not list or type(values) is not list or len(keys) != len(values):
            raise DecodeError("a malformed dict node")
        result: dict[object, object] = {}
        for key, item in zip(keys, values, strict=True):
            if type(key) is str:
                key = self.text(key)
            elif type(key) is not int:
                raise DecodeError("a dict key that is neither str nor int")
            result[key] = self.node(item, depth + 1)
        return result

    def tensor(self, name: object, requires_grad: object) -> torch.Tensor:
        if type(name) is not str or name not in self.tensors:
            raise DecodeError("a reference to a missing tensor")
        tensor = self.tensors.pop(name)  # each tensor once: the tree shares nothing
        if requires_grad is True and tensor.is_floating_point():
            tensor.requires_grad_(True)
        return tensor

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
`DecodeError` (a `ValueError`), `TooLarge` when a budget is exceeded, `DecodeTimeout` past the
receiver's deadline. Across payloads a receiver may keep a `Ledger` (the parent keeps one per
submission): told each payload's cost before it is allocated, it can refuse a reply that fits
its own budget but not what earlier replies still hold.
"""

from __future__ import annotations

import base64
import gc
import json
import time
from collections.abc import Callable

import torch

from .codec_base import (  # noqa: F401 - re-exported: the codec's names are imported from here
    DEFAULT_BUDGET,
    DTYPE_NAMES,
    DTYPES,
    JSON_HEADER,
    MAX_DEVICE_CHARS,
    MAX_DIMS,
    MAX_ELEMENTS,
    MAX_INT_DIGITS,
    MIB,
    NODE_BYTES,
    SAFETENSORS_HEADER,
    TEXT_COPIES,
    VALUE_DTYPES,
    Budget,
    DecodeError,
    DecodeTimeout,
    EncodeError,
    Ledger,
    TooLarge,
    TrackedBuffer,
    check_shape,
    check_tensor_header,
)

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
    ledger: Ledger | None = None,
    deadline: float | None = None,
) -> object:
    """Rebuild plain data from `payload` within `budget`; `clean` filters every string.

    `ledger` is told what the payload will cost before anything is parsed or copied (and may
    refuse it with TooLarge), then given each tensor's buffer. `deadline` (a time.monotonic()
    value) is checked between the steps and every few thousand nodes: past it, DecodeTimeout.
    """
    view = memoryview(payload)
    if len(view) < JSON_HEADER.size:
        raise DecodeError("truncated payload")
    (json_length,) = JSON_HEADER.unpack(view[: JSON_HEADER.size])
    if json_length > budget.json_bytes:
        raise TooLarge(f"a structure of {json_length} bytes (limit {budget.json_bytes})")
    end = JSON_HEADER.size + json_length
    if end > len(view):
        raise DecodeError("truncated structure")
    clock = _Clock(deadline)
    try:
        structure = bytes(view[JSON_HEADER.size : end])
        header, data = _split_tensor_part(view[end:], budget)
        if ledger is not None:  # both JSON texts' nodes bound what parsing them can build
            nodes = _node_bound(structure, budget) + _node_bound(header, budget)
            text_bytes = TEXT_COPIES * (len(structure) + len(header))
            ledger.reserve(nodes * NODE_BYTES + text_bytes, len(data))
        clock.check()
        tree = _parse_json(structure, budget)
        clock.check()
        tensors = _decode_tensors(header, data, budget, ledger, clock)
        return _Rebuild(tensors, budget, clean, clock).node(tree, 0)
    except DecodeError:
        raise
    except MemoryError:
        raise TooLarge("a value the decoder could not allocate") from None
    except Exception as error:  # torch or the cleaner refusing a value: still the peer's bytes
        raise DecodeError(f"an undecodable value ({type(error).__name__})") from None


class _Clock:
    """The receiver's deadline, checked where decoding can take long."""

    def __init__(self, deadline: float | None) -> None:
        self.deadline = deadline

    def check(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise DecodeTimeout("decoding the payload went past the deadline")


def _node_bound(raw: bytes, budget: Budget) -> int:
    """Brackets and commas bound the nodes JSON text can hold (strings with them only stricter)."""
    if not raw:
        return 0
    nodes = raw.count(b"[") + raw.count(b"{") + raw.count(b",") + 1
    if nodes > budget.nodes:
        raise TooLarge(f"more than {budget.nodes} values")
    return nodes


def _parse_json(raw: bytes, budget: Budget) -> object:
    """JSON text to lists, dicts and scalars; objects and long numbers are counted as they parse.

    The node bound is checked first; the collector is paused meanwhile, as a million fresh
    containers would make it rescan the heap again and again.
    """
    _node_bound(raw, budget)
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


def _split_tensor_part(blob: memoryview, budget: Budget) -> tuple[bytes, memoryview]:
    """The safetensors part's header text and its data, by length only (nothing parsed yet)."""
    if len(blob) == 0:
        return b"", blob
    if len(blob) < SAFETENSORS_HEADER.size:
        raise DecodeError("truncated tensor header")
    (header_length,) = SAFETENSORS_HEADER.unpack(blob[: SAFETENSORS_HEADER.size])
    if header_length > budget.header_bytes:
        raise TooLarge(f"a tensor header of {header_length} bytes")
    start = SAFETENSORS_HEADER.size + header_length
    if start > len(blob):
        raise DecodeError("truncated tensor header")
    if len(blob) - start > budget.tensor_bytes:
        raise TooLarge(f"tensors of {len(blob) - start} bytes (limit {budget.tensor_bytes})")
    return bytes(blob[SAFETENSORS_HEADER.size : start]), blob[start:]


def _decode_tensors(
    header_text: bytes, data: memoryview, budget: Budget, ledger: Ledger | None, clock: _Clock
) -> dict[str, torch.Tensor]:
    """The safetensors part: header checked in full, then one private copy per tensor."""
    if not header_text:
        return {}
    header = _parse_json(header_text, budget)
    if not isinstance(header, dict):
        raise DecodeError("the tensor header is not an object")
    entries = check_tensor_header(header, len(data), budget)
    tensors: dict[str, torch.Tensor] = {}
    for name, dtype, shape, begin, finish in entries:
        clock.check()
        if begin == finish:
            tensors[name] = torch.empty(shape, dtype=dtype)
            continue
        raw = TrackedBuffer(data[begin:finish])  # the only allocation per tensor
        if ledger is not None:
            ledger.track(raw, finish - begin)
        if dtype is torch.bool and int(torch.frombuffer(raw, dtype=torch.uint8).max()) > 1:
            raise DecodeError("a bool tensor holding bytes other than 0 and 1")
        tensors[name] = torch.frombuffer(raw, dtype=dtype).reshape(shape)
    return tensors


class _Rebuild:
    """Walks the parsed tree once (a tree: each node is visited once) into plain values."""

    def __init__(
        self,
        tensors: dict[str, torch.Tensor],
        budget: Budget,
        clean: Callable[[str], str] | None,
        clock: _Clock,
    ) -> None:
        self.tensors = tensors
        self.budget = budget
        self.clean = clean
        self.clock = clock
        self.nodes = 0

    def node(self, value: object, depth: int) -> object:
        self.nodes += 1
        if self.nodes > self.budget.nodes:
            raise TooLarge(f"more than {self.budget.nodes} values")
        if not self.nodes & 0xFFF:
            self.clock.check()
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
            return torch.Size(check_shape(content))
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

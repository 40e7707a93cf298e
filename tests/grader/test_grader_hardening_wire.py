"""Class 1 of issue 9: decoding a reply is an attack surface. Hand-made hostile payloads and a fuzzer.

Each hostile payload is what a submission can write to its channel (it runs in the child, so it
can forge any frame): the decoder must refuse it with its own error before allocating what it
claims, and whatever it does return is plain data.
"""

from __future__ import annotations

import json
import math
import resource
import struct
import time

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dlprep.grader.protocol import REPLY_BUDGET, _clean
from dlprep.grader.sandbox_lib.dlprep_common.codec import (
    JSON_HEADER,
    SAFETENSORS_HEADER,
    DecodeError,
    TooLarge,
    decode,
    encode,
)

PLAIN_SCALARS = (type(None), bool, int, float, str, bytes, complex, torch.dtype, torch.device)


def payload(structure: object, header: dict[str, object] | None = None, data: bytes = b"") -> bytes:
    text = json.dumps(structure).encode()
    blob = b""
    if header is not None:
        head = json.dumps(header).encode()
        blob = SAFETENSORS_HEADER.pack(len(head)) + head + data
    return JSON_HEADER.pack(len(text)) + text + blob


def tensor_ref(name: str = "0") -> dict[str, object]:
    return {"$": "tensor", "n": name, "g": False}


def assert_plain(value: object, depth: int = 0) -> None:
    """Only exact plain types, all the way down."""
    assert depth < 100
    kind = type(value)
    if kind in (list, tuple):
        for item in value:  # type: ignore[attr-defined]
            assert_plain(item, depth + 1)
    elif kind is dict:
        for key, item in value.items():  # type: ignore[attr-defined]
            assert type(key) in (str, int)
            assert_plain(item, depth + 1)
    elif kind is torch.Tensor:
        assert value.device.type == "cpu" and value.is_contiguous()  # type: ignore[attr-defined]
        assert not value.__dict__  # no instance attributes that could shadow methods
    else:
        assert kind in PLAIN_SCALARS or kind is torch.Size, kind


def rss_peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.parametrize(
    ("shape", "offsets"),
    [
        ([10**9], [0, 4]),  # a billion floats claimed, 4 bytes sent (the broadcast trick)
        ([2**20, 2**20], [0, 4 * 2**40]),  # 4 TiB claimed with matching offsets
        ([3], [0, 8]),  # size mismatch
        ([-1], [0, 4]),
        ([1] * 9, [0, 4]),  # too many dimensions
    ],
)
def test_tensors_claiming_more_than_they_carry_are_refused_before_allocating(
    shape: list[int], offsets: list[int]
) -> None:
    before = rss_peak_mib()
    frame = payload(
        tensor_ref(), {"0": {"dtype": "F32", "shape": shape, "data_offsets": offsets}}, b"\0" * 4
    )
    with pytest.raises(DecodeError):
        decode(frame, REPLY_BUDGET)
    assert rss_peak_mib() - before < 50


@pytest.mark.parametrize(
    "header",
    [
        {
            "0": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]},
            "1": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]},
        },  # overlap
        {"0": {"dtype": "C64", "shape": [1], "data_offsets": [0, 8]}},  # not an allowed dtype
        {"0": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}},  # a gap
        {"0": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4], "extra": 1}},
        {"0": "not an entry"},
    ],
)
def test_malformed_tensor_headers_are_refused(header: dict[str, object]) -> None:
    with pytest.raises(DecodeError):
        decode(payload([tensor_ref("0"), tensor_ref("1")], header, b"\0" * 8), REPLY_BUDGET)


def test_a_tree_cannot_share_a_tensor_between_two_places() -> None:
    header = {"0": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}
    with pytest.raises(DecodeError, match="missing tensor"):
        decode(payload([tensor_ref(), tensor_ref()], header, b"\0" * 4), REPLY_BUDGET)


def test_bool_tensors_hold_only_zero_and_one() -> None:
    header = {"0": {"dtype": "BOOL", "shape": [2], "data_offsets": [0, 2]}}
    with pytest.raises(DecodeError, match="bool"):
        decode(payload(tensor_ref(), header, b"\x01\x07"), REPLY_BUDGET)


@pytest.mark.parametrize(
    "text",
    [
        b"[" * 100_000 + b"]" * 100_000,  # deeper than any budget
        b"[" + b"1" * 5000 + b"]",  # an integer of 5,000 digits (quadratic to parse)
        b'{"$": "bytes", "v": "' + b"A" * (2 * 1024 * 1024) + b'"}',  # over the string budget
        b'{"$": "dtype", "v": "object"}',
        b'{"$": "device", "v": "meta:0:' + b"9" * 40 + b'"}',
        b'{"$": "__reduce__", "v": ["os.system", "id"]}',
        b"\xff\xfe not utf-8",
        b"[1, 2",
    ],
)
def test_hostile_structures_are_refused(text: bytes) -> None:
    started = time.perf_counter()
    with pytest.raises(DecodeError):
        decode(JSON_HEADER.pack(len(text)) + text, REPLY_BUDGET)
    assert time.perf_counter() - started < 2


def test_structure_length_over_the_budget_is_refused_unread() -> None:
    with pytest.raises(TooLarge):
        decode(JSON_HEADER.pack(2**31) + b"[]", REPLY_BUDGET)


def test_many_small_nodes_stop_at_the_node_budget() -> None:
    text = ("[" + ",".join(["{}"] * 600_000) + "]").encode()
    with pytest.raises(DecodeError):
        decode(JSON_HEADER.pack(len(text)) + text, REPLY_BUDGET)


def test_strings_come_back_cleaned() -> None:
    value = decode(
        encode({"status": "ok", "stdout": "\x1b]0;owned\x07\ud800"}), REPLY_BUDGET, _clean
    )
    assert value == {"status": "ok", "stdout": "\\x1b]0;owned\\x07\ufffd"}


def test_the_worst_reply_within_the_cap_is_decoded_in_bounded_time_and_memory() -> None:
    """A 200 MiB tensor (under the 256 MiB cap): peak memory about twice the frame, seconds."""
    frame = bytearray(encode({"status": "ok", "value": torch.zeros(50 * 2**20)}))
    before = rss_peak_mib()
    started = time.perf_counter()
    value = decode(frame, REPLY_BUDGET, _clean)
    elapsed = time.perf_counter() - started
    assert isinstance(value, dict) and value["value"].shape == (50 * 2**20,)
    print(
        f"decoded {len(frame) / 2**20:.0f} MiB in {elapsed:.2f} s, peak +{rss_peak_mib() - before:.0f} MiB"
    )
    assert elapsed < 20
    assert rss_peak_mib() - before < 3 * len(frame) / 2**20


plain_leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.binary(max_size=20),
    st.builds(
        lambda n, dtype: torch.arange(n).to(dtype),
        st.integers(0, 6),
        st.sampled_from([torch.float32, torch.int64, torch.bool, torch.float16, torch.uint8]),
    ),
)
plain_values = st.recursive(
    plain_leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(st.one_of(st.text(max_size=5), st.integers(-5, 5)), inner, max_size=4),
    ),
    max_leaves=12,
)


def decode_or_own_error(frame: bytes) -> None:
    started = time.perf_counter()
    try:
        value = decode(frame, REPLY_BUDGET, _clean)
    except DecodeError:
        return
    finally:
        assert time.perf_counter() - started < 2
    assert_plain(value)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_fuzz_random_bytes_never_escape_the_decoders_errors(frame: bytes) -> None:
    decode_or_own_error(frame)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plain_values, st.data())
def test_fuzz_mutated_frames_never_escape_the_decoders_errors(
    value: object, data: st.DataObject
) -> None:
    frame = bytearray(encode(value))
    for _ in range(data.draw(st.integers(1, 4))):
        kind = data.draw(st.sampled_from(["flip", "insert", "delete", "length"]))
        position = data.draw(st.integers(0, max(0, len(frame) - 1)))
        if kind == "flip" and frame:
            frame[position] ^= data.draw(st.integers(1, 255))
        elif kind == "insert":
            frame[position:position] = data.draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete" and frame:
            del frame[position : position + data.draw(st.integers(1, 8))]
        elif kind == "length" and len(frame) >= 4:
            frame[0:4] = struct.pack(">I", data.draw(st.integers(0, 2**32 - 1)))
    decode_or_own_error(bytes(frame))


@settings(max_examples=200, deadline=None)
@given(plain_values)
def test_fuzz_plain_values_round_trip(value: object) -> None:
    decoded = decode(encode(value), REPLY_BUDGET)
    assert_plain(decoded)
    assert same(decoded, value)


def same(left: object, right: object) -> bool:
    if isinstance(right, torch.Tensor):
        return (
            isinstance(left, torch.Tensor)
            and left.dtype == right.dtype
            and torch.equal(left, right)
        )
    if isinstance(right, float) and math.isnan(right):
        return isinstance(left, float) and math.isnan(left)
    if isinstance(right, (list, tuple)):
        return (
            type(left) is type(right)
            and len(left) == len(right)
            and all(same(a, b) for a, b in zip(left, right, strict=True))
        )  # type: ignore[arg-type]
    if isinstance(right, dict):
        return (
            isinstance(left, dict)
            and left.keys() == right.keys()
            and all(same(left[k], right[k]) for k in right)
        )
    if isinstance(right, str):
        return left == _clean(right) or left == right
    return left == right

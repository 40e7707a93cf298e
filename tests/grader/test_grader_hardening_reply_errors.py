"""Review r9, classes 1 and 2: a reply the parent cannot use is the submission's verdict, fast.

Zero-element tensors with huge dims raised torch's RuntimeError (stride overflow) past the
decoder, a parameter list of the wrong shape an IndexError past the signature check, and both
became "grader error". 4 MiB of control characters took 9 s to clean. Now: every failure while
decoding is the decoder's own error, an undecodable reply is an `unsafe` verdict, and strings
are cleaned in one C pass.
"""

from __future__ import annotations

import json

import pytest
from grader_toys import DOUBLE_REFERENCE, outputs, statuses

from dlprep.grader.errors import BadSignature
from dlprep.grader.grading import Grader
from dlprep.grader.protocol import REPLY_BUDGET, _clean
from dlprep.grader.sandbox_lib.dlprep_common.codec import (
    JSON_HEADER,
    SAFETENSORS_HEADER,
    DecodeError,
    decode,
)
from dlprep.grader.sanitize import clean_text
from dlprep.grader.signature import check_signature
from dlprep.grader.submission import Submission


def frame_with(shape: list[int], dtype: str = "U8") -> bytes:
    text = json.dumps({"$": "tensor", "n": "0", "g": False}).encode()
    head = json.dumps({"0": {"dtype": dtype, "shape": shape, "data_offsets": [0, 0]}}).encode()
    return JSON_HEADER.pack(len(text)) + text + SAFETENSORS_HEADER.pack(len(head)) + head


@pytest.mark.parametrize(
    "shape",
    [[0, 2**40 - 1, 2**40 - 1], [0] + [2**39] * 7, [2**30, 2**30, 0], [0, 2**40]],
    ids=["stride-overflow", "eight-dims", "zero-last", "dim-at-limit"],
)
def test_zero_element_tensors_with_huge_dims_are_refused(shape: list[int]) -> None:
    with pytest.raises(DecodeError):
        decode(frame_with(shape), REPLY_BUDGET, _clean)


def test_zero_element_tensors_of_modest_dims_still_decode() -> None:
    value = decode(frame_with([0, 3, 1000]), REPLY_BUDGET, _clean)
    assert tuple(value.shape) == (0, 3, 1000)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "text",
    ["\x1b" * (4 * 2**20), "\ud800\udfff\udbff" * (2**20), "é\x07" * 2**20],
    ids=["control", "surrogates", "mixed"],
)
def test_cleaning_a_4_mib_string_is_one_pass(text: str) -> None:
    """Counted on what comes out (time is not asserted): every unsafe character is escaped."""
    cleaned = clean_text(text, limit=None)
    assert "\x1b" not in cleaned and "\x07" not in cleaned
    cleaned.encode("utf-8")  # no lone surrogate is left


@pytest.mark.parametrize(
    "parameters",
    [
        [[]],
        [{"name": "x"}],
        [{"name": "x", "kind": "NOPE", "has_default": False}],
        [{"name": 3, "kind": [], "has_default": {}}],
        "x",
        [None],
    ],
)
def test_malformed_parameter_descriptions_are_a_bad_signature(parameters: object) -> None:
    with pytest.raises(BadSignature):
        check_signature("double", "double(x)", parameters)


FORGE = """
import json, struct
import dlprep_child.child as child
real = child.send_message
def frame(structure: bytes, tensors: bytes = b"") -> bytes:
    payload = struct.pack(">I", len(structure)) + structure + tensors
    return struct.pack(">Q", len(payload)) + payload
def send(channel, reply):
    if isinstance(reply, dict) and reply.get("status") == {status!r}:
        head = json.dumps({{"0": {{"dtype": "U8", "shape": [0, 2**40 - 1, 2**40 - 1],
                                 "data_offsets": [0, 0]}}}}).encode()
        tensors = struct.pack("<Q", len(head)) + head
        body = json.dumps({{"$": "dict", "k": ["status", "value", "parameters", "stdout"],
                           "v": [{status!r}, {{"$": "tensor", "n": "0", "g": False}},
                                 {parameters}, ""]}})
        channel.sendall(frame(body.encode(), tensors))
    else:
        real(channel, reply)
child.send_message = send
def double(x):
    return x * 2
"""


@pytest.mark.parametrize(
    ("status", "parameters"),
    [("ok", "None"), ("loaded", "None"), ("loaded", "[[1]]")],
    ids=["call-reply", "load-reply", "load-parameters"],
)
def test_a_forged_undecodable_reply_is_the_submissions_verdict(
    grader: Grader, toy_exercise, status: str, parameters: str
) -> None:  # type: ignore[no-untyped-def]
    source = FORGE.format(status=status, parameters=parameters)
    report = grader.grade(toy_exercise("double"), Submission.from_text(source, "sub.py"))
    text = outputs(report)
    assert "passed" not in statuses(report).values(), text
    assert "grader error" not in text, text
    assert "not plain data" in text or "parameters could not be read" in text, text
    assert grader.grade(
        toy_exercise("double"), Submission.from_text(DOUBLE_REFERENCE, "b.py")
    ).passed

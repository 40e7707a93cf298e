"""Classes 1, 2, 3 and 7 of issue 9 through the real grader: hostile replies, forged frames, hostile text.

A submission runs in the child, so it can write any frame to its own channel. These attacks
forge replies (huge claims, absurd integers, lone surrogates, terminal escapes, objects that
were a pickle's trick before) and return hostile values. Each must end as that submission's
verdict, leave the grader working, and leave no raw control character in the report.
"""

from __future__ import annotations

import json
import textwrap

import pytest
from grader_toys import DOUBLE_REFERENCE, outputs, statuses

from dlprep.grader.grading import Grader
from dlprep.grader.report import Report
from dlprep.grader.submission import Submission

FORGE = """
import os, socket, struct, json
def _channel():
    for fd in sorted(int(n) for n in os.listdir("/proc/self/fd")):
        try:
            if os.readlink(f"/proc/self/fd/{fd}").startswith("socket:"):
                return socket.socket(fileno=fd)
        except OSError:
            pass
def forge(payload):
    channel = _channel()
    channel.sendall(struct.pack(">Q", len(payload)) + payload)
def forge_json(obj, blob=b""):
    text = json.dumps(obj).encode()
    forge(struct.pack(">I", len(text)) + text + blob)
"""


def grade_double(grader: Grader, toy_exercise, source: str) -> Report:  # type: ignore[no-untyped-def]
    return grader.grade(
        toy_exercise("double"), Submission.from_text(textwrap.dedent(source), "sub.py")
    )


def assert_clean(report: Report) -> None:
    text = json.dumps(report.to_dict(), ensure_ascii=False)
    text.encode("utf-8")  # no lone surrogate survives
    assert "\x1b" not in text and "\r" not in text and "\x07" not in text


def assert_still_grades(grader: Grader, toy_exercise) -> None:  # type: ignore[no-untyped-def]
    assert grade_double(grader, toy_exercise, DOUBLE_REFERENCE).passed


FORGED_LOADS = {
    "syntax_offset_2_62": 'forge_json({"status": "syntax", "message": "x", "line": 2**62, "offset": 2**62, "text": "y"})',
    "syntax_line_points_at_own_file": 'forge_json({"status": "syntax", "message": "\\u001b[2J", "line": 1, "offset": 2**40, "text": "root:x:0:0"})',
    "surrogate_message": 'forge_json({"status": "raised", "type": "E\\ud800", "message": "\\ud800\\u001b]0;pwned\\u0007", "traceback": "\\r\\u001b[1Aforged line"})',
    "loaded_with_hostile_parameters": 'forge_json({"status": "loaded", "entry": "double", "parameters": [{"name": "\\u001b", "kind": "X", "has_default": 1}]})',
    "missing_with_huge_list": 'forge_json({"status": "missing", "entry": "e", "defined": ["\\u001b[31m" * 1000] * 100000})',
    "unknown_status": 'forge_json({"status": "passed", "value": 1})',
    "claims_a_huge_tensor": 'forge_json({"status": "loaded", "entry": "double", "parameters": None, "value": {"$": "tensor", "n": "0", "g": False}}, struct.pack("<Q", 60) + b\'{"0":{"dtype":"F32","shape":[1000000000],"data_offsets":[0,4]}}\' + b"\\0" * 4)',
    "frame_length_2_63": 'forge(b"")  # replaced below',
    "pickle_frame": 'import io, torch; buf = io.BytesIO(); torch.save({"status": "loaded", "entry": "double"}, buf); forge(buf.getvalue())',
}


@pytest.mark.parametrize("name", sorted(FORGED_LOADS))
def test_forged_load_replies_become_verdicts(grader: Grader, toy_exercise, name: str) -> None:  # type: ignore[no-untyped-def]
    forge = FORGED_LOADS[name]
    if name == "frame_length_2_63":
        forge = "_channel().sendall(struct.pack('>Q', 2**63) + b'x' * 100)"
    source = FORGE + forge + "\nimport time\ntime.sleep(30)\n"
    report = grade_double(grader, toy_exercise, source)
    assert not report.passed
    assert set(statuses(report).values()) <= {"error", "failed", "timeout"}
    assert_clean(report)
    if name.startswith("syntax_line"):
        assert "root:x" not in outputs(report)  # the quote is the submission's own line 1
    assert_still_grades(grader, toy_exercise)


HOSTILE_VALUES = {
    # a broadcast of one element claiming 8 GB: the child must make it dense, over its memory
    "broadcast": "import torch\ndef double(x):\n    return torch.ones(1).expand(2**31)\n",
    # a reply of 300 MiB announced: over the reply cap
    "too_large": FORGE
    + "def double(x):\n    _channel().sendall(struct.pack('>Q', 300 * 2**20))\n    import time\n    time.sleep(30)\n",
    # the old tensor subclass trick: a method shadowed on the value
    "subclass": "import torch\nclass T(torch.Tensor):\n    def __eq__(self, o): return True\ndef double(x):\n    return (x * 3).as_subclass(T)\n",
    # attributes the parent's checks would call (a pickle restored them; the wire cannot)
    "instance_attribute": "import torch\ndef double(x):\n    y = x * 3\n    for name in ('eq', 'ne', 'isclose', 'abs', 'sub', 'double', 'reshape'):\n        setattr(y, name, lambda *a, **k: torch.tensor(True))\n    return y\n",
    "complex": "import torch\ndef double(x):\n    return torch.zeros(2, dtype=torch.complex64)\n",
    "deep_list": "def double(x):\n    v = []\n    for _ in range(10000):\n        v = [v]\n    return v\n",
    "escape_output": "import sys\ndef double(x):\n    print('\\x1b[2J\\x1b]0;owned\\x07\\rFORGED: all tests passed')\n    sys.stdout.write('\\udcff')\n    raise ValueError('\\x1b[31m\\ud800')\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_VALUES))
def test_hostile_values_score_nothing_and_arrive_clean(
    grader: Grader, toy_exercise, name: str
) -> None:  # type: ignore[no-untyped-def]
    report = grade_double(grader, toy_exercise, HOSTILE_VALUES[name])
    assert not any(status == "passed" for status in statuses(report).values())
    assert_clean(report)
    if name == "too_large":
        assert "too large" in outputs(report)
    assert_still_grades(grader, toy_exercise)


def test_a_hidden_test_that_raises_shows_no_host_text(grader: Grader, tmp_path, toy_pack) -> None:  # type: ignore[no-untyped-def]
    from grader_toys import write_exercise

    from dlprep.exercises.registry import get_exercise

    write_exercise(
        tmp_path,
        "leaky",
        "double",
        "double(x)",
        "def test_leak(student):\n    open('/nonexistent/host/secret/path.txt')\n",
        DOUBLE_REFERENCE,
        "{wall_seconds: 6, call_seconds: 2, memory_mib: 256}",
    )
    report = grader.grade(get_exercise("leaky", [tmp_path]), Submission.from_text(DOUBLE_REFERENCE))
    assert "/nonexistent" not in outputs(report) and "grader error" in outputs(report)
    assert "FileNotFoundError" in outputs(report)

"""Issue 9, point 1, across calls: what the parent holds of one submission's replies is bounded.

Each reply is bounded on its own; these attacks send many of them. Hidden tests keep results
(a list of them; a failed test's locals, which pytest keeps in `sys.last_traceback`), the
submission returns views of huge storages or trickles its frames. The parent's memory is
measured as its own peak RSS (VmHWM, reset through /proc/self/clear_refs before the grading),
the verdicts as the report says them. The account itself is tested without a sandbox in
test_grader_reply_account.py.
"""

from __future__ import annotations

import gc
import re
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest
from grader_toys import outputs, statuses, write_exercise

from dlprep.exercises.registry import get_exercise
from dlprep.grader.caps import MIB, REPLY_MEMORY_FACTOR
from dlprep.grader.grading import Grader
from dlprep.grader.report import Report
from dlprep.grader.submission import Submission

MEMORY_MIB = 512  # the toy exercise's memory_mib: 256 MiB of replies may be held at once
HELD_LIMIT_MIB = MEMORY_MIB * REPLY_MEMORY_FACTOR
SLACK_MIB = 128  # pytest, the hidden module, the parent's own tensors, allocator rounding
REPLY_MIB = 40  # over glibc's largest mmap threshold (32 MiB): freed replies leave the RSS

BIG = f"""
import torch
def big(i):
    return torch.full(({REPLY_MIB * MIB},), i % 7, dtype=torch.uint8)
"""

KEEPING_HIDDEN = """
import gc
import weakref

REFS = []


def test_a_keeps_ten_results(student):
    values = [student.big(i) for i in range(10)]
    assert len(values) == 10


def _fails_holding_three(student):
    a, b, c = student.big(1), student.big(2), student.big(3)
    REFS.extend(weakref.ref(value) for value in (a, b, c))
    assert int(a[0]) + int(b[0]) + int(c[0]) < 0, "fails on purpose"


test_b_fails_holding_three_1 = _fails_holding_three
test_b_fails_holding_three_2 = _fails_holding_three
test_b_fails_holding_three_3 = _fails_holding_three


def test_c_calls_twelve_times_discarding(student):
    for i in range(12):
        assert int(student.big(i)[0]) == i % 7


def test_d_nothing_of_earlier_tests_is_alive(student):
    gc.collect()
    assert REFS and all(ref() is None for ref in REFS)
    REFS.clear()


test_e_the_last_test_fails_holding_three = _fails_holding_three
"""


def vm_kib(field: str) -> int:
    match = re.search(rf"^{field}:\s+(\d+) kB", Path("/proc/self/status").read_text(), re.M)
    assert match is not None
    return int(match.group(1))


def grade_measured(
    grader: Grader, pack: Path, exercise_id: str, source: str
) -> tuple[Report, float]:
    """The report, and the parent's peak RSS during the grading over its RSS before, in MiB."""
    exercise = get_exercise(exercise_id, [pack])
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM := VmRSS
    before = vm_kib("VmRSS")
    report = grader.grade(exercise, Submission.from_text(textwrap.dedent(source), "sub.py"))
    return report, (vm_kib("VmHWM") - before) / 1024


def limits(call_seconds: float = 10) -> str:
    return f"{{wall_seconds: 60, call_seconds: {call_seconds}, memory_mib: {MEMORY_MIB}}}"


@pytest.fixture(scope="module")
def keeping_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pack = tmp_path_factory.mktemp("keeping")
    write_exercise(pack, "big", "big", "big(i)", KEEPING_HIDDEN, BIG, limits())
    return pack


def test_many_big_replies_stay_within_the_submissions_budget(
    grader: Grader, keeping_pack: Path
) -> None:
    """Ten 40 MiB results kept by one test: the call that would pass 256 MiB is refused.

    Three tests in a row holding 120 MiB each fail on their assertion, not on the budget (a
    failed test's locals, kept in sys.last_traceback, are dropped when it ends); twelve calls
    whose results are discarded all fit; no result outlives its test, not even those of the
    last test, which pytest would keep after the grading.
    """
    report, peak = grade_measured(grader, keeping_pack, "big", BIG)
    status = statuses(report)
    text = outputs(report)
    assert status["test_a_keeps_ten_results"] == "error", text
    assert "the returned value is too large" in text
    for number in (1, 2, 3):
        assert status[f"test_b_fails_holding_three_{number}"] == "failed", text
    assert status["test_c_calls_twelve_times_discarding"] == "passed", text
    assert status["test_d_nothing_of_earlier_tests_is_alive"] == "passed", text
    assert status["test_e_the_last_test_fails_holding_three"] == "failed", text
    # pytest keeps the last failure for post-mortem debugging, past the end of the grading:
    # the harness drops it, so the next submission's grading starts without these results.
    assert not hasattr(sys, "last_value") and not hasattr(sys, "last_traceback")
    gc.collect()
    refs = hidden_module(keeping_pack).REFS
    assert len(refs) == 3 and all(ref() is None for ref in refs)
    assert peak < HELD_LIMIT_MIB + SLACK_MIB, f"the parent's RSS grew by {peak:.0f} MiB"


def hidden_module(pack: Path) -> ModuleType:
    """The hidden test module pytest imported in this process (the harness keeps it loaded)."""
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and Path(path).resolve().is_relative_to(pack.resolve()):
            return module
    raise AssertionError("the hidden test module is not loaded")


FORGE = """
import os, socket, struct, time
def _channel():
    for fd in sorted(int(n) for n in os.listdir("/proc/self/fd")):
        try:
            if os.readlink(f"/proc/self/fd/{fd}").startswith("socket:"):
                return socket.socket(fileno=fd)
        except OSError:
            pass
"""

TRICKLES = {
    # a frame of 1 MiB announced, then one byte every 0.1 s: about 29 hours to arrive
    "payload": "channel.sendall(struct.pack('>Q', 2**20))\n"
    "    while True:\n        channel.sendall(b'[')\n        time.sleep(0.1)\n",
    # even the 8-byte length comes one byte at a time, slower than the deadline allows
    "header": "for byte in struct.pack('>Q', 64):\n        channel.sendall(bytes([byte]))\n"
    "        time.sleep(3)\n    time.sleep(60)\n",
    # a complete progress frame every 0.5 s ahead of a reply that never comes
    "progress": "import json\n"
    "    text = json.dumps({'$': 'dict', 'k': ['status'], 'v': ['progress']}).encode()\n"
    "    payload = struct.pack('>I', len(text)) + text\n"
    "    while True:\n        channel.sendall(struct.pack('>Q', len(payload)) + payload)\n"
    "        time.sleep(0.5)\n",
}

DOUBLE_ONCE = """
def test_double(student):
    assert student.double(2) == 4
"""


@pytest.mark.parametrize("name", sorted(TRICKLES))
def test_a_trickled_frame_ends_at_the_calls_deadline(
    grader: Grader, tmp_path: Path, name: str
) -> None:
    """Bytes that keep coming do not extend a call: its wall clock covers every read."""
    write_exercise(tmp_path, "trickle", "double", "double(x)", DOUBLE_ONCE, "", limits(1))
    source = FORGE + "def double(x):\n    channel = _channel()\n    " + TRICKLES[name]
    report, _ = grade_measured(grader, tmp_path, "trickle", source)
    assert statuses(report) == {"test_double": "timeout"}, outputs(report)
    assert "wall-clock" in outputs(report)


VIEWS = f"""
import torch
STORAGE = torch.zeros({200 * MIB}, dtype=torch.uint8)
def views(kind):
    if kind == "strided":
        return STORAGE[:: 2**20]  # 200 bytes of a 200 MiB storage
    if kind == "prefix":
        return STORAGE[:16]
    if kind == "expanded":  # one byte claiming 300 MiB: the child would have to make it dense
        return torch.ones(1, dtype=torch.uint8).expand(300 * 2**20)
    if kind == "overlapping":  # 4 GiB of float32 over one element
        return torch.ones(1).as_strided((2**15, 2**15), (0, 0))
    return [STORAGE[i : i + 1] for i in range(1000)]  # a thousand views of one storage
"""

VIEWS_HIDDEN = """
import torch


def own_bytes(value):
    return value.untyped_storage().nbytes() == value.numel() * value.element_size()


def test_strided(student):
    value = student.views("strided")
    assert value.shape == (200,) and value.is_contiguous() and own_bytes(value)


def test_prefix(student):
    value = student.views("prefix")
    assert value.shape == (16,) and own_bytes(value)


def test_many_views(student):
    values = student.views("many")
    assert len(values) == 1000 and all(own_bytes(v) and v.shape == (1,) for v in values)


def test_expanded(student):
    student.views("expanded")


def test_overlapping(student):
    student.views("overlapping")
"""


def test_views_of_huge_storages_cost_the_parent_only_their_own_bytes(
    grader: Grader, tmp_path: Path
) -> None:
    """A view crosses as its own elements; a broadcast the child cannot make dense is its verdict."""
    write_exercise(tmp_path, "views", "views", "views(kind)", VIEWS_HIDDEN, "", limits())
    report, peak = grade_measured(grader, tmp_path, "views", VIEWS)
    status = statuses(report)
    text = outputs(report)
    for name in ("test_strided", "test_prefix", "test_many_views"):
        assert status[name] == "passed", text
    assert status["test_expanded"] == "error" and status["test_overlapping"] == "error", text
    assert "grader error" not in text, text
    assert peak < HELD_LIMIT_MIB + SLACK_MIB, f"the parent's RSS grew by {peak:.0f} MiB"

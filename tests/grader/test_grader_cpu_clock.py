"""Red team 2 (roc_pairs_forged): a call's CPU time is measured by the parent, from the kernel.

The child used to report `seconds`/`cpu_seconds` itself and to enforce the per-call allowance
with a soft RLIMIT_CPU it can raise back to the hard one. Now `dlprep.grader.cpu_clock` sums
the sandbox's process tree from /proc before and after each call, and ends a call past its
allowance. CPU time, not wall time: a loaded machine does not change the verdicts.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from grader_toys import write_exercise

from dlprep.exercises.registry import get_exercise
from dlprep.grader.cpu_clock import CallClock, tree_cpu_seconds
from dlprep.grader.grading import Grader
from dlprep.grader.submission import Submission

SPIN = "import sys; n = 0\nwhile True: n += 1\n"
BURN = "import time; end = time.process_time() + {s}\nwhile time.process_time() < end: pass\n"

HIDDEN = """
def test_measured(student):
    outcome = student.call("work", 0)
    assert outcome.cpu_seconds >= 0.5, f"measured {outcome.cpu_seconds:.2f} s"
    assert outcome.seconds == outcome.cpu_seconds
"""
REFERENCE = (
    "import time\n\n\ndef work(x):\n"
    "    end = time.process_time() + 0.7\n"
    "    while time.process_time() < end:\n        pass\n    return x\n"
)
# The work done in a forked grandchild: the child's own getrusage(RUSAGE_SELF) never sees it.
FORKED = (
    "import os, time\n\n\ndef work(x):\n    pid = os.fork()\n    if pid == 0:\n"
    "        end = time.process_time() + 0.7\n"
    "        while time.process_time() < end:\n            pass\n        os._exit(0)\n"
    "    os.waitpid(pid, 0)\n    return x\n"
)
LIFTED = (
    "import resource\n\n\ndef work(x):\n"
    "    _, hard = resource.getrlimit(resource.RLIMIT_CPU)\n"
    "    resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))\n"
    "    while True:\n        x += 1\n"
)


def test_the_tree_counts_descendants_and_the_watchdog_ends_the_wait() -> None:
    before = tree_cpu_seconds(os.getpid())
    subprocess.run([sys.executable, "-c", BURN.format(s=0.4)], check=True)
    assert tree_cpu_seconds(os.getpid()) - before >= 0.4  # reaped: in our cutime
    ours, theirs = socket.socketpair()
    spinner = subprocess.Popen([sys.executable, "-c", SPIN])
    try:
        with CallClock(os.getpid(), 0.3, ours) as clock:
            assert ours.recv(1) == b""  # the watchdog shut the channel down
        assert clock.exceeded and clock.seconds >= 0.3
    finally:
        spinner.kill()
        spinner.wait()
        theirs.close()


def test_the_children_walk_and_the_full_scan_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    """The clock walks /proc/<pid>/task/*/children; where the kernel has no such lists it scans
    the whole table. A running grandchild (python -c spawning a spinner) is found either way."""
    from dlprep.grader import cpu_clock

    outer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import subprocess, sys; subprocess.run([sys.executable, '-c', {SPIN!r}])",
        ]
    )
    try:
        deadline = time.monotonic() + 30
        while len(cpu_clock._subtree(outer.pid) or []) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        walked = cpu_clock._subtree(outer.pid)
        monkeypatch.setattr(cpu_clock, "_children", lambda pid: None)
        assert cpu_clock._subtree(outer.pid) is None
        parents, _ = cpu_clock._scan()
        assert walked is not None and len(walked) == 2
        assert sorted(walked) == sorted(cpu_clock._descendants(outer.pid, parents))
        assert tree_cpu_seconds(outer.pid) >= 0.0  # the fallback path reads too
    finally:
        for pid in cpu_clock._descendants(outer.pid, cpu_clock._scan()[0])[::-1]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, 9)
        outer.wait()


@pytest.fixture(scope="module")
def work_exercise(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    pack = tmp_path_factory.mktemp("cpu-clock")
    limits = "{wall_seconds: 30, call_seconds: 2, memory_mib: 256}"
    write_exercise(pack, "work", "work", "work(x)", HIDDEN, REFERENCE, limits)
    return get_exercise("work", [pack])


def _grade(grader: Grader, exercise, source: str):  # type: ignore[no-untyped-def]
    [test] = grader.grade(exercise, Submission.from_text(source, "w.py")).tests
    return test


def test_the_parent_measures_the_call(grader: Grader, work_exercise) -> None:  # type: ignore[no-untyped-def]
    """Both modes: the tree is bwrap's (bubblewrap) or the zygote's own (degraded)."""
    assert _grade(grader, work_exercise, REFERENCE).status == "passed"  # control
    test = _grade(grader, work_exercise, FORKED)
    assert test.status == "passed", test.output


def test_a_lifted_soft_limit_still_ends_the_call(bwrap_grader: Grader, work_exercise) -> None:  # type: ignore[no-untyped-def]
    test = _grade(bwrap_grader, work_exercise, LIFTED)
    assert test.status == "timeout", test.output


def test_the_roc_auc_reference_is_measured_fast(bwrap_grader: Grader) -> None:
    exercise = get_exercise("roc_auc")
    source = Path(exercise.reference_path).read_text(encoding="utf-8")
    assert bwrap_grader.grade(exercise, Submission.from_text(source, "r.py")).passed

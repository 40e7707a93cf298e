"""Class 8 of issue 9: verdicts do not depend on how busy the machine is.

Limits count the submission's CPU time (the wall clocks behind them are generous), and a
zygote that dies while starting is started again with the cause kept.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from grader_toys import statuses

from dlprep.grader.grading import Grader
from dlprep.grader.launcher import DEGRADED
from dlprep.grader.submission import Submission
from dlprep.grader.zygote import ZygoteClient

HOG = Path(__file__).resolve().parents[1] / "load_hog.py"
# About 1 s of CPU per call: inside the 2 s CPU limit, but far more than 2 s of wall clock
# while two spinning hogs share the machine's cores with it.
BUSY_BUT_CORRECT = """
import time
def double(x):
    end = time.process_time() + 1.0
    while time.process_time() < end:
        pass
    return x * 2
"""


@pytest.fixture
def hogs() -> Iterator[None]:
    command = [sys.executable, str(HOG), "--cpu", "3", "--memory-mib", "256", "--", "sleep", "600"]
    process = subprocess.Popen(command, start_new_session=True)
    yield
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def test_a_correct_submission_passes_beside_cpu_hogs(
    grader: Grader, toy_exercise, hogs: None
) -> None:  # type: ignore[no-untyped-def]
    report = grader.grade(toy_exercise("double"), Submission.from_text(BUSY_BUT_CORRECT))
    assert set(statuses(report).values()) == {"passed"}, report.tests


def test_a_zygote_killed_while_starting_is_started_again() -> None:
    client = ZygoteClient(mode=DEGRADED)
    try:
        os.killpg(client.process.pid, signal.SIGKILL)
        client.wait_ready()
        assert client.alive()
        assert client.start_failures and "SIGKILL" in client.start_failures[0]
    finally:
        client.close()

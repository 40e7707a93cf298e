"""`python -m dlprep.grader.worker`: a long-lived grading process for the TUI and `dlprep submit`.

It imports torch and starts a warm zygote once, then reads requests as JSON lines on stdin
and answers on stdout (dlprep/worker_messages.py): `progress` heartbeats while a submission
runs, then the report (`result`), the worked example's output (`ran`) or an `error`. The
client cancels a request by killing this process; a new one is started for the next request.
Anything else that writes to fd 1 (torch, pytest) is sent to stderr, so the protocol channel
carries only this module's lines.

`python -m dlprep.grader.worker [--device auto|cpu|cuda]` (default auto: the GPU when this
machine has one) sets where training exercises train; the TUI starts it without the flag.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import IO, TYPE_CHECKING

from dlprep.worker_messages import Event, Request

if TYPE_CHECKING:
    from dlprep.exercises.registry import Exercise
    from dlprep.grader.progress import Progress

HEARTBEAT_S = 0.5
_exercises: dict[str, Exercise] = {}
"""Exercises already loaded by this worker: loading one reads and validates every exercise's
YAML (about 0.1 s, a third of a warm submission), and they do not change while the app runs."""


class Channel:
    """The protocol's stdout, one JSON object per line, shared by the heartbeat thread."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._lock = threading.Lock()

    def send(self, event: Event) -> None:
        line = json.dumps(event, ensure_ascii=False)
        with self._lock:
            self._stream.write(line + "\n")
            self._stream.flush()


def _heartbeat(channel: Channel, request_id: int, phase: str, stop: threading.Event) -> None:
    started = time.monotonic()
    while not stop.wait(HEARTBEAT_S):
        channel.send(
            {
                "id": request_id,
                "event": "progress",
                "phase": phase,
                "elapsed_s": round(time.monotonic() - started, 1),
            }
        )


def serve(requests: IO[str], channel: Channel, device: str = "auto") -> None:
    """Answer requests until stdin closes; `device` as `dlprep grade --device`."""
    from dlprep.grader.cli import data_root_from
    from dlprep.grader.devices import resolve_device
    from dlprep.grader.grading import Grader, prepare_grading_process
    from dlprep.grader.zygote import ZygoteClient

    zygote = ZygoteClient(data_root_from(None), device=resolve_device(device))
    prepare_grading_process()
    with Grader(zygote=zygote) as grader:
        grader.wait_ready()
        channel.send({"id": 0, "event": "ready"})
        for line in requests:
            if line.strip():
                channel.send(_answer(grader, line, channel))


def _answer(grader: object, line: str, channel: Channel) -> Event:
    from dlprep.grader.errors import InputError, SandboxError

    request_id = 0
    try:
        request: Request = json.loads(line)
        request_id = int(request["id"])
        stop = threading.Event()
        beat = threading.Thread(
            target=_heartbeat, args=(channel, request_id, request["op"], stop), daemon=True
        )
        beat.start()
        try:
            return {"id": request_id, **_do(grader, request, _training_events(channel, request_id))}
        finally:
            stop.set()
    except (InputError, SandboxError, KeyError, ValueError, TypeError) as error:
        return {"id": request_id, "event": "error", "message": str(error)[:2000]}


def _training_events(channel: Channel, request_id: int) -> Callable[[Progress], None]:
    """Forward the submission's (checked) training progress as `progress` events."""
    started = time.monotonic()

    def send(progress: Progress) -> None:
        channel.send(
            {
                "id": request_id,
                "event": "progress",
                "phase": "training",
                "elapsed_s": round(time.monotonic() - started, 1),
                "epoch": progress.epoch,
                "loss": progress.loss,
            }
        )

    return send


def _do(grader: object, request: Request, on_progress: Callable[[Progress], None]) -> Event:
    from dlprep.grader.cli import load_exercise
    from dlprep.grader.example_run import run_example
    from dlprep.grader.grading import Grader
    from dlprep.grader.submission import Submission

    assert isinstance(grader, Grader)
    exercise = _exercises.get(request["exercise"])
    if exercise is None:
        exercise = _exercises[request["exercise"]] = load_exercise(request["exercise"], None)
    submission = Submission.from_text(request["source"])
    if request["op"] == "run":
        ran = run_example(grader, exercise, submission)
        if not ran.available:
            return {"event": "ran", "output": "", "raised": "", "phase": "no-example"}
        return {"event": "ran", "output": ran.output, "raised": ran.raised}
    report = grader.grade(
        exercise, submission, request.get("profile") or "quick", on_progress=on_progress
    )
    return {"event": "result", "report": report.to_dict()}


def main() -> int:
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # stray prints (torch, pytest, warnings) must not reach the protocol channel
    sys.stdout = sys.stderr
    import argparse

    from dlprep.grader.devices import DEVICES, DeviceUnavailable

    parser = argparse.ArgumentParser(prog="python -m dlprep.grader.worker")
    parser.add_argument("--device", choices=DEVICES, default="auto")
    try:
        serve(sys.stdin, Channel(protocol), parser.parse_args().device)
    except DeviceUnavailable as error:  # --device cuda without a GPU: a message, no traceback
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

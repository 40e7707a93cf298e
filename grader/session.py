"""One submission's life in the sandbox: its child process, loading, calls, limits, verdicts.

The session forks a child from the zygote, checks that the submission loads and that its
entry has the right signature, then forwards calls with a per-call and a per-submission
wall-clock limit. A child that times out or dies is ended through the zygote; the next call
gets a fresh child (the submission is loaded again), until the submission's time is up.
"""

from __future__ import annotations

import math
import signal
import socket
import time
from typing import TYPE_CHECKING

from dlprep.grader.errors import (
    BadSignature,
    EntryMissing,
    SandboxError,
    SubmissionCrashed,
    SubmissionError,
    SubmissionMemoryError,
    SubmissionRaised,
    SubmissionSyntaxError,
    SubmissionTimeout,
    UnsafeResult,
)
from dlprep.grader.progress import MAX_FORWARDED, ProgressCallback, is_progress, parse
from dlprep.grader.protocol import (
    FrameTimeout,
    WireError,
    ensure_plain,
    recv_message,
    send_message,
    to_wire,
)
from dlprep.grader.signature import check_signature
from dlprep.grader.submission import Submission
from dlprep.grader.zygote import ExitStatus, ZygoteClient

if TYPE_CHECKING:
    from dlprep.exercises.registry import Limits

MIB = 1024 * 1024
MAX_REPLY_BYTES = 256 * MIB
MAX_TEXT = 8000
CHILD_PROCESSES = 64
CHILD_FILE_BYTES = 64 * MIB
CHILD_OPEN_FILES = 256


class SubmissionSession:
    def __init__(
        self,
        zygote: ZygoteClient,
        submission: Submission,
        entry: str,
        signature: str,
        limits: Limits,
        on_progress: ProgressCallback | None = None,
    ) -> None:
        """`on_progress` receives the checked progress frames a call sends before its reply."""
        self.zygote = zygote
        self.on_progress = on_progress
        self._forwarded = 0
        self.submission = submission
        self.entry = entry
        self.signature = signature
        self.limits = limits
        self.deadline = math.inf
        self.load_problem: SubmissionError | None = None
        self._child: tuple[int, socket.socket] | None = None
        self._output: list[str] = []

    def start(self) -> SubmissionError | None:
        """Load the submission once; returns why it cannot be graded, or None."""
        self.deadline = time.monotonic() + self.limits.wall_seconds
        try:
            self._spawn_and_load()
        except SubmissionError as problem:
            self.load_problem = problem
        return self.load_problem

    def call(
        self,
        name: str,
        args: list[object],
        kwargs: dict[str, object],
        *,
        seed: int = 0,
        no_grad: bool = False,
        backward: bool = False,
    ) -> dict[str, object]:
        """Run `name(*args, **kwargs)` in the child; the checked reply, or a SubmissionError."""
        if self.load_problem is not None:
            raise self.load_problem
        if self._child is None:
            self._spawn_and_load()
        _, channel = self._child  # type: ignore[misc]
        request = {
            "op": "call",
            "name": name,
            "args": to_wire(list(args)),
            "kwargs": to_wire(dict(kwargs)),
            "seed": seed,
            "no_grad": no_grad,
            "backward": backward,
        }
        reply = self._exchange(channel, request, self._call_timeout(), f"calling {name}")
        status = reply.get("status")
        if status == "ok":
            return reply
        if status == "build_error":
            raise RuntimeError(
                f"the test's Build could not be made in the sandbox: {_text(reply, 'message')}"
            )
        raise _reply_error(reply, name, self.limits.memory_mib)

    def take_output(self) -> str:
        """What the submission printed since the last call of this method."""
        text = "".join(self._output)
        self._output.clear()
        return text[-MAX_TEXT:]

    def close(self) -> None:
        self._end_child()

    def _spawn_and_load(self) -> None:
        self._remaining_or_timeout()
        try:
            pid, channel = self.zygote.spawn(
                {
                    "source": self.submission.source,
                    "filename": self.submission.filename,
                    "entry": self.entry,
                    "limits": self._child_limits(),
                }
            )
        except SandboxError as error:
            raise SubmissionCrashed(f"the sandbox stopped: {error}") from None
        self._child = (pid, channel)
        reply = self._exchange(
            channel,
            None,
            min(self.limits.call_seconds, self._remaining_or_timeout()),
            "loading the submission",
        )
        if reply.get("status") != "loaded":
            self._end_child()
            raise _reply_error(reply, f"loading {self.submission.filename}", self.limits.memory_mib)
        try:
            check_signature(self.entry, self.signature, reply.get("parameters"))
        except SubmissionError:
            self._end_child()
            raise

    def _exchange(
        self, channel: socket.socket, request: dict[str, object] | None, timeout: float, during: str
    ) -> dict[str, object]:
        try:
            if request is not None:
                send_message(channel, request)
            deadline = time.monotonic() + timeout
            reply = recv_message(channel, deadline, MAX_REPLY_BYTES)
            while is_progress(reply):  # progress frames come ahead of the reply, same deadline
                self._forward(reply)  # type: ignore[arg-type]
                reply = recv_message(channel, deadline, MAX_REPLY_BYTES)
        except FrameTimeout:
            self._end_child()
            raise SubmissionTimeout(
                f"{during}: no answer within {timeout:.1f} s (limit {self._limit_text(timeout)})",
                self.take_output(),
            ) from None
        except WireError as error:
            status = self._end_child()
            raise _death_error(status, during, str(error), self.take_output()) from None
        except OSError as error:  # the child closed its end while we were sending
            status = self._end_child()
            raise _death_error(status, during, str(error), self.take_output()) from None
        reply = ensure_plain(reply, f"the reply to {during}")
        if not isinstance(reply, dict) or not isinstance(reply.get("status"), str):
            self._end_child()
            raise SubmissionCrashed(f"{during}: the sandboxed process sent a malformed reply")
        self._output.append(_text(reply, "stdout"))
        return reply

    def _forward(self, frame: dict[str, object]) -> None:
        progress = parse(frame)
        if progress is None or self.on_progress is None or self._forwarded >= MAX_FORWARDED:
            return
        self._forwarded += 1
        self.on_progress(progress)

    def _end_child(self) -> ExitStatus | None:
        if self._child is None:
            return None
        pid, channel = self._child
        self._child = None
        channel.close()
        try:
            return self.zygote.end(pid)
        except SandboxError:
            return None

    def _call_timeout(self) -> float:
        return min(self.limits.call_seconds, self._remaining_or_timeout())

    def _remaining_or_timeout(self) -> float:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise SubmissionTimeout(
                f"the submission used up its wall-clock limit of "
                f"{self.limits.wall_seconds:g} s; remaining tests were not run"
            )
        return remaining

    def _limit_text(self, timeout: float) -> str:
        if timeout < self.limits.call_seconds:
            return f"{self.limits.wall_seconds:g} s for the whole submission"
        return f"{self.limits.call_seconds:g} s per call"

    def _child_limits(self) -> dict[str, int]:
        return {
            "memory_bytes": int(self.limits.memory_mib) * MIB,
            "cpu_seconds": math.ceil(self.limits.wall_seconds) + 1,
            "processes": CHILD_PROCESSES,
            "file_bytes": CHILD_FILE_BYTES,
            "open_files": CHILD_OPEN_FILES,
            "threads": 1,
        }


def _reply_error(reply: dict[str, object], during: str, memory_mib: int) -> SubmissionError:
    """The verdict for a non-ok reply from the child."""
    status = reply.get("status")
    output = _text(reply, "stdout")
    if status == "syntax":
        return SubmissionSyntaxError(_syntax_message(reply), output)
    if status == "raised":
        kind, message, trace = (
            _text(reply, "type"),
            _text(reply, "message"),
            _text(reply, "traceback"),
        )
        headline = f"{during} raised {kind}" + (f": {message}" if message else "")
        return SubmissionRaised(
            f"{headline}\n{trace}".rstrip(), output, exception_type=kind, traceback=trace
        )
    if status == "memory":
        return SubmissionMemoryError(
            f"{during} ran out of memory (limit {memory_mib} MiB): {_text(reply, 'message')}",
            output,
        )
    if status == "unsafe":
        return UnsafeResult(_text(reply, "message"), output)
    if status == "missing":
        defined = reply.get("defined")
        names = ", ".join(str(name) for name in defined) if isinstance(defined, list) else ""
        return EntryMissing(
            f"the submission does not define `{_text(reply, 'entry')}`"
            + (f" (it defines: {names})" if names else ""),
            output,
        )
    if status == "not_callable":
        return BadSignature(
            f"`{_text(reply, 'entry')}` is a {_text(reply, 'type')}, not a function", output
        )
    return SubmissionCrashed(f"{during}: unexpected reply status {status!r}", output)


def _death_error(
    status: ExitStatus | None, during: str, detail: str, output: str
) -> SubmissionError:
    if status is None:
        return SubmissionCrashed(f"{during}: the sandbox stopped ({detail})", output)
    if status.signal == signal.SIGXCPU:
        return SubmissionTimeout(f"{during}: the submission used up its CPU-time limit", output)
    if status.signal is not None:
        hint = " (often: memory exhausted)" if status.signal == signal.SIGKILL else ""
        return SubmissionCrashed(f"{during}: the process was {status.describe()}{hint}", output)
    return SubmissionCrashed(
        f"{during}: the submission ended its own process ({status.describe()}); "
        "a submission must not call exit() or os._exit()",
        output,
    )


def _syntax_message(reply: dict[str, object]) -> str:
    line, text, offset = reply.get("line"), _text(reply, "text"), reply.get("offset")
    pointer = ""
    if text and isinstance(offset, int) and offset > 0:
        pointer = f"\n    {text}\n    {' ' * (offset - 1)}^"
    return f"syntax error on line {line}: {_text(reply, 'message')}{pointer}"


def _text(reply: dict[str, object], key: str) -> str:
    value = reply.get(key)
    return value[:MAX_TEXT] if isinstance(value, str) else ""

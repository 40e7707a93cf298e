"""One submission's life in the sandbox: its child process, loading, calls, limits, verdicts.

The session forks a child from the zygote, checks that the submission loads and that its
entry has the right signature, then forwards calls. Limits count the submission's own work:
CPU time per call (`call_seconds`) and per submission (`wall_seconds`, summed over the
children it needed): the parent measures each call's CPU time from the kernel and ends a call
past its allowance (`cpu_clock`; the child's rlimits back it up); the wall clocks behind them are
WALL_FACTOR times longer (plus slack), so a busy machine does not turn a correct submission
into a timeout while a sleeping one still ends. A child that times out or dies is ended
through the zygote; the next call gets a fresh child (the submission is loaded again).

Every reply is decoded by `protocol.recv_reply` (data only, budgets first, strings cleaned)
within the call's deadline (sending, waiting, receiving and decoding all count), and charged to
the submission's `ReplyAccount` (what the parent holds of its replies, bounded by memory_mib);
the verdicts themselves are worded in `verdicts`.
"""

from __future__ import annotations

import math
import signal
import socket
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from dlprep.grader.caps import MAX_TEXT_CHARS, MIB
from dlprep.grader.cpu_clock import measured
from dlprep.grader.errors import (
    SandboxError,
    SubmissionCrashed,
    SubmissionError,
    SubmissionTimeout,
)
from dlprep.grader.progress import MAX_FORWARDED, ProgressCallback, is_progress, parse
from dlprep.grader.protocol import (
    MAX_REPLY_BYTES,
    FrameTimeout,
    FrameTooLarge,
    FrameUndecodable,
    Reply,
    WireError,
    field_text,
    recv_reply,
    send_message,
    to_wire,
)
from dlprep.grader.reply_budget import ReplyAccount
from dlprep.grader.sandbox_lib.dlprep_common.messages import ChildLimitsMessage
from dlprep.grader.signature import check_signature
from dlprep.grader.submission import Submission
from dlprep.grader.verdicts import death_error, not_plain, reply_error, too_large
from dlprep.grader.zygote import ExitStatus, ZygoteClient

if TYPE_CHECKING:
    from dlprep.exercises.registry import Limits

WALL_FACTOR = 3.0  # wall clock allowed per second of CPU time
WALL_SLACK = 10.0  # seconds, for start-up and a loaded machine
CHILD_PROCESSES = 64
CHILD_FILE_BYTES = 64 * MIB
CHILD_OPEN_FILES = 64


class SubmissionSession:
    """One submission loaded in its own forked child, for the duration of one grading.

    Holds the child's limits and the submission's deadline: every call is bounded in time and
    reply size, and any misbehaviour of the child becomes this submission's verdict, never an
    exception that stops the grader.
    """

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
        self.forbid: tuple[str, ...] = ()  # the exercise's forbidden names, watched in the child
        self._child: tuple[int, socket.socket] | None = None
        self._output: list[str] = []
        self.cpu_used = 0.0  # CPU seconds of the children already ended
        self.values_returned = 0  # ok replies: the harness tells a test's bug from a bad value
        self.replies = ReplyAccount.for_memory(limits.memory_mib)  # across children and calls

    def start(self) -> SubmissionError | None:
        """Load the submission once; returns why it cannot be graded, or None."""
        self.deadline = time.monotonic() + self.limits.wall_seconds * WALL_FACTOR + WALL_SLACK
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
        iterate: int | None = None,
        read: Sequence[str] = (),
        arg_state: bool = False,
        forward: Sequence[object] | None = None,
    ) -> Reply:
        """Run `name(*args, **kwargs)` in the child; the checked reply, or a SubmissionError.

        `iterate`, `read`, `arg_state`, `forward`: see `dlprep_child.call_options` (sent only when used).
        """
        request = {
            "op": "call",
            "name": name,
            "args": to_wire(list(args)),
            "kwargs": to_wire(dict(kwargs)),
            "seed": seed,
            "no_grad": no_grad,
            "backward": backward,
        }
        if iterate is not None:
            request["iterate"] = int(iterate)
        if read:
            request["read"] = [str(name) for name in read]
        if arg_state:
            request["arg_state"] = True
        if forward is not None:
            request["forward"] = to_wire(list(forward))
        return self.request(request, name)

    @property
    def child_pid(self) -> int | None:
        """The live child's pid (a new child, after a timeout or a crash, has another)."""
        return self._child[0] if self._child is not None else None

    def ensure_child(self) -> int:
        """Start a child if none runs; its pid."""
        if self.load_problem is not None:
            raise self.load_problem
        if self._child is None:
            self._spawn_and_load()
        return self._child[0]  # type: ignore[index]

    def request(self, request: dict[str, object], name: str) -> Reply:
        """Send one request (a call, or a handle operation, see `dlprep.grader.handles`)."""
        self.ensure_child()
        _, channel = self._child  # type: ignore[misc]
        reply = self._exchange(channel, request, self._call_timeout(), f"calling {name}")
        status = reply.get("status")
        if status == "ok":
            self.values_returned += 1
            return reply
        if status == "build_error":
            raise RuntimeError(
                f"the test's Build could not be made in the sandbox: {field_text(reply, 'message')}"
            )
        raise reply_error(reply, name, self.limits.memory_mib, self.submission.source)

    def take_output(self) -> str:
        """What the submission printed since the last call of this method."""
        text = "".join(self._output)
        self._output.clear()
        return text[-MAX_TEXT_CHARS:]

    def close(self) -> None:
        self._end_child()

    def _spawn_and_load(self) -> socket.socket:
        """Fork the child, load the submission in it, check its signature; the child's channel."""
        self._remaining_or_timeout()
        try:
            pid, channel = self.zygote.spawn(
                {
                    "op": "spawn",
                    "source": self.submission.source,
                    "filename": self.submission.filename,
                    "entry": self.entry,
                    "limits": self._child_limits(),
                    "forbid": list(self.forbid),
                }
            )
        except SandboxError:
            raise SubmissionCrashed(
                "the grading sandbox stopped before the submission could run "
                "(a grader problem, not the submission's; grade it again)"
            ) from None
        self._child = (pid, channel)
        reply = self._exchange(
            channel,
            None,
            self._call_timeout(),
            "loading the submission",
        )
        if reply.get("status") != "loaded":
            self._end_child()
            raise reply_error(
                reply,
                f"loading {self.submission.filename}",
                self.limits.memory_mib,
                self.submission.source,
            )
        try:
            check_signature(self.entry, self.signature, reply.get("parameters"))
        except SubmissionError:
            self._end_child()
            raise
        return channel

    def _exchange(
        self, channel: socket.socket, request: dict[str, object] | None, timeout: float, during: str
    ) -> Reply:
        """`_exchange_frames` under the parent's CPU clock (`cpu_clock.measured`)."""
        return measured(
            self,
            channel,
            request,
            lambda: self._exchange_frames(channel, request, timeout, during),
            during,
        )

    def _exchange_frames(
        self, channel: socket.socket, request: dict[str, object] | None, timeout: float, during: str
    ) -> Reply:
        """Send `request`, read the reply; all of it (decoding too) within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        try:
            if request is not None:
                send_message(channel, request, deadline)
            reply = recv_reply(channel, deadline, MAX_REPLY_BYTES, self.replies)
            while is_progress(reply):  # progress frames come ahead of the reply, same deadline
                self._forward(reply)  # type: ignore[arg-type]
                reply = recv_reply(channel, deadline, MAX_REPLY_BYTES, self.replies)
        except FrameTimeout:
            status = self._end_child()
            if status is not None and status.signal == signal.SIGXCPU:
                raise death_error(status, during, self.take_output()) from None
            raise SubmissionTimeout(
                f"{during}: no answer within {timeout:.1f} s of wall-clock time "
                f"(limit {self._limit_text(timeout)})",
                self.take_output(),
            ) from None
        except FrameTooLarge:
            self._end_child()
            limits = (self.replies.live_limit, self.replies.total_limit)
            raise too_large(during, *limits, self.take_output()) from None
        except FrameUndecodable:
            self._end_child()
            raise not_plain(during, self.take_output()) from None
        except (WireError, OSError):  # OSError: the child closed its end while we were sending
            status = self._end_child()
            raise death_error(status, during, self.take_output()) from None
        self._output.append(field_text(reply, "stdout", limit=None))
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
            status = self.zygote.end(pid)
        except SandboxError:
            return None
        self.cpu_used += status.cpu_seconds
        return status

    def _call_timeout(self) -> float:
        wall = self.limits.call_seconds * WALL_FACTOR + WALL_SLACK
        return min(wall, self._remaining_or_timeout())

    def _remaining_or_timeout(self) -> float:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise SubmissionTimeout(
                f"the submission used up its time (limit {self.limits.wall_seconds:g} s of CPU "
                "time for the whole submission); remaining tests were not run"
            )
        return remaining

    def _limit_text(self, timeout: float) -> str:
        if timeout < self.limits.call_seconds * WALL_FACTOR + WALL_SLACK:
            return f"{self.limits.wall_seconds:g} s for the whole submission"
        return f"{self.limits.call_seconds:g} s of CPU time per call"

    def _child_limits(self) -> ChildLimitsMessage:
        left = max(1.0, self.limits.wall_seconds - self.cpu_used)
        return {
            "memory_bytes": int(self.limits.memory_mib) * MIB,
            "cpu_seconds": math.ceil(left) + 1,
            "call_cpu_seconds": math.ceil(self.limits.call_seconds),
            "processes": CHILD_PROCESSES,
            "file_bytes": CHILD_FILE_BYTES,
            "open_files": CHILD_OPEN_FILES,
            "threads": 1,
        }

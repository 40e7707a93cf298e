"""The TUI's side of the grader worker: a child process spoken to in JSON lines, never imported.

`GraderClient` starts `python -m dlprep.grader.worker` (torch and a warm zygote live there,
not in the TUI), sends one request at a time and reads its events, bounded: a line longer
than MAX_LINE_BYTES, a worker silent past the request's deadline, or one that dies ends the
request with a verdict (`Outcome.kind`) instead of an exception, and the next request starts
a fresh worker. `cancel()` (escape) kills the worker. Every string from it is untrusted
(see `untrusted.clean`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from dlprep.tui.untrusted import clean
from dlprep.worker_messages import MAX_LINE_BYTES, WORKER_MODULE, Event, Request

PYTHON_ENV = "DLPREP_GRADER_PYTHON"
"""The interpreter the worker runs under (default: this one)."""
READY_TIMEOUT_S = 240.0
TERMINAL_EVENTS = ("result", "ran", "error")


@dataclass(frozen=True)
class Outcome:
    """How a request ended: result | ran | error | crashed | hung | too_large | cancelled."""

    kind: str
    report: dict[str, object] | None = None
    output: str = ""
    raised: str = ""
    message: str = ""
    restarted_after: str = ""  # the previous worker's end, when this request needed a new one
    no_example: bool = False


@dataclass
class _Worker:
    process: asyncio.subprocess.Process
    ready: bool = False
    events: list[Event] = field(default_factory=list)


def worker_command() -> list[str]:
    """The worker's argv: $DLPREP_GRADER_PYTHON (or this interpreter) -m dlprep.grader.worker."""
    return [os.environ.get(PYTHON_ENV) or sys.executable, "-m", WORKER_MODULE]


class GraderClient:
    """One worker process at a time; `command` replaces the real worker (tests use a fake)."""

    def __init__(self, command: Sequence[str] | None = None) -> None:
        self._command = list(command) if command is not None else worker_command()
        self._worker: _Worker | None = None
        self._next_id = 1
        self._cancelled = False
        self._lost = ""  # why the last worker ended, told with the next request's verdict
        self._lock = asyncio.Lock()

    @property
    def running(self) -> bool:
        return self._worker is not None and self._worker.process.returncode is None

    async def start(self) -> None:
        """Start the worker in the background if none is running (does not wait for it)."""
        if self.running:
            return
        process = await asyncio.create_subprocess_exec(
            *self._command,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
            limit=MAX_LINE_BYTES,
            start_new_session=True,
        )
        self._worker = _Worker(process)

    async def request(
        self,
        op: str,
        exercise: str,
        source: str,
        deadline_s: float,
        on_progress: Callable[[Event], None] = lambda event: None,
        profile: str = "quick",
    ) -> Outcome:
        """Run one request; `deadline_s` bounds it once the worker is ready."""
        async with self._lock:
            self._cancelled = False
            restarted_after, self._lost = self._lost, ""
            outcome = await self._run(op, exercise, source, profile, deadline_s, on_progress)
            if outcome.kind in ("crashed", "hung", "too_large"):
                self._lost = outcome.message
            return Outcome(**{**outcome.__dict__, "restarted_after": restarted_after})

    async def _run(
        self,
        op: str,
        exercise: str,
        source: str,
        profile: str,
        deadline_s: float,
        on_progress: Callable[[Event], None],
    ) -> Outcome:
        await self.start()
        worker = self._worker
        assert worker is not None
        if not worker.ready:
            ready = await self._read_until(worker, 0, READY_TIMEOUT_S, on_progress)
            if ready.kind != "ready":
                return ready
            worker.ready = True
        request_id, self._next_id = self._next_id, self._next_id + 1
        line: Request = {
            "id": request_id,
            "op": op,  # type: ignore[typeddict-item]
            "exercise": exercise,
            "source": source,
            "profile": profile,
        }
        try:
            assert worker.process.stdin is not None
            worker.process.stdin.write((json.dumps(line) + "\n").encode())
            await worker.process.stdin.drain()
        except (ConnectionError, RuntimeError):
            return await self._ended(worker, "crashed")
        return await self._read_until(worker, request_id, deadline_s, on_progress)

    async def _read_until(
        self,
        worker: _Worker,
        request_id: int,
        timeout_s: float,
        on_progress: Callable[[Event], None],
    ) -> Outcome:
        """Read events until the request's (or, for id 0, the worker's ready) final one."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        assert worker.process.stdout is not None
        while True:
            try:
                raw = await asyncio.wait_for(
                    worker.process.stdout.readline(), max(0.0, deadline - loop.time())
                )
            except TimeoutError:
                await self._kill(worker)
                return Outcome("hung", message=f"no answer within {timeout_s:.0f} s")
            except ValueError:  # a line over the limit
                await self._kill(worker)
                return Outcome("too_large", message=f"a reply over {MAX_LINE_BYTES} bytes")
            if not raw:
                return await self._ended(worker, "crashed")
            event = _parse(raw)
            if event is None or event.get("id") not in (request_id, 0):
                continue
            kind = str(event.get("event"))
            if kind == "ready" and request_id == 0:
                return Outcome("ready")
            if kind == "progress":
                on_progress(event)
            elif kind in TERMINAL_EVENTS:
                return _outcome(kind, event)

    async def _ended(self, worker: _Worker, kind: str) -> Outcome:
        code = await worker.process.wait()
        self._worker = None
        if self._cancelled:
            return Outcome("cancelled")
        how = f"killed by signal {-code}" if code < 0 else f"exited with status {code}"
        return Outcome(kind, message=f"the grader worker {how}")

    async def _kill(self, worker: _Worker) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.process.pid, 9)
        await worker.process.wait()
        self._worker = None

    def cancel(self) -> None:
        """Stop the running request by killing the worker (a new one starts for the next)."""
        worker = self._worker
        if worker is None or worker.process.returncode is not None:
            return
        self._cancelled = True
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.process.pid, 9)

    async def close(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None and worker.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(worker.process.pid, 9)
            await worker.process.wait()


def _parse(raw: bytes) -> Event | None:
    try:
        event = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return event if isinstance(event, dict) else None  # type: ignore[return-value]


def _outcome(kind: str, event: Event) -> Outcome:
    if kind == "result":
        report = event.get("report")
        if isinstance(report, dict):
            return Outcome("result", report=report)
        return Outcome("error", message="the worker sent a report that is not an object")
    if kind == "ran":
        return Outcome(
            "ran",
            output=clean(event.get("output", "")),
            raised=clean(event.get("raised", "")),
            no_example=event.get("phase") == "no-example",
        )
    return Outcome("error", message=clean(event.get("message", "")))

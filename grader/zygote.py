"""The parent's handle on one zygote process: start it, spawn and end children, stop it.

The zygote (`dlprep_child.zygote`) runs inside the sandbox with torch imported; this side
only speaks the control protocol and, when the zygote misbehaves or dies, kills the whole
process tree it was started in. Start-up is asynchronous: `ZygoteClient(...)` returns at
once and `wait_ready()` blocks until torch is imported in the sandbox; this module does not
import torch itself, so a parent can start the zygote first and import torch meanwhile.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from dlprep.grader.errors import SandboxError
from dlprep.grader.launcher import launch_for, sandbox_mode
from dlprep.grader.sandbox_lib.dlprep_common.cleanup import remove_tree
from dlprep.grader.sandbox_lib.dlprep_common.frames import (
    PeerClosed,
    WireError,
    recv_message,
    send_message,
)
from dlprep.grader.sandbox_lib.dlprep_common.messages import SpawnRequest

READY_SECONDS = 180.0
START_ATTEMPTS = (
    3  # a zygote that dies while starting (e.g. killed on a loaded machine) is restarted
)
CONTROL_SECONDS = 30.0
STDERR_TAIL = 4000


@dataclass(frozen=True)
class ExitStatus:
    """How a child ended: its exit code, or the signal that killed it."""

    exit_code: int | None
    signal: int | None
    cpu_seconds: float = 0.0

    def describe(self) -> str:
        if self.signal is not None:
            try:
                return f"killed by signal {signal.Signals(self.signal).name}"
            except ValueError:
                return f"killed by signal {self.signal}"
        return f"exited with status {self.exit_code}"


class ZygoteClient:
    def __init__(
        self, data_root: Path | None = None, mode: str | None = None, device: str = "cpu"
    ) -> None:
        """`device` (cpu | cuda, already resolved): `cuda` shows the GPU to the sandbox."""
        self.mode = mode or sandbox_mode()
        self.data_root = data_root
        self.device = device
        self.start_failures: list[str] = []  # why earlier attempts to start died (host side only)
        self.isolation = ""
        self._ready = False
        self._launch()

    def _launch(self) -> None:
        data_root = self.data_root
        self._log = tempfile.TemporaryFile()
        self.control, zygote_end = socket.socketpair()
        launch = launch_for(self.mode, zygote_end.fileno(), data_root, self.device)
        self._workroot = launch.host_workroot
        self.process = subprocess.Popen(
            launch.argv,
            env=launch.env,
            pass_fds=[zygote_end.fileno()],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=self._log,
            start_new_session=True,
        )
        zygote_end.close()

    def wait_ready(self, timeout: float = READY_SECONDS) -> None:
        """Block until the zygote is warm; a zygote that dies while starting is started again."""
        deadline = time.monotonic() + timeout
        while not self._ready:
            try:
                reply = recv_message(self.control, deadline)
            except PeerClosed:
                cause = self._death_cause()
                self.start_failures.append(cause)
                logging.getLogger(__name__).warning(
                    "the grading sandbox died while starting: %s", cause
                )
                if len(self.start_failures) >= START_ATTEMPTS:
                    self._fail(
                        "start",
                        f"it died {len(self.start_failures)} times: "
                        + "; ".join(self.start_failures),
                    )
                self._relaunch()
                continue
            except WireError as error:
                self._fail("start", str(error))
            if not isinstance(reply, dict) or reply.get("status") != "ready":
                self._fail("start", "unexpected first message")
            assert isinstance(reply, dict)
            self.isolation = str(reply.get("isolation", ""))
            self._ready = True

    def _death_cause(self) -> str:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        code = self.process.returncode
        if code is None:
            return "it closed its channel but kept running"
        if code < 0:
            return f"killed by signal {signal.Signals(-code).name}" + (
                " (often: the out-of-memory killer)" if -code == signal.SIGKILL else ""
            )
        return f"exited with status {code}{self._log_tail()}"

    def _relaunch(self) -> None:
        with contextlib.suppress(OSError):
            self.control.close()
        self._kill_tree()
        self._remove_workroot()
        self._log.close()
        self._launch()

    def spawn(self, request: SpawnRequest) -> tuple[int, socket.socket]:
        """Fork a child for one submission; returns its pid (as the zygote sees it) and channel."""
        self.wait_ready()
        ours, theirs = socket.socketpair()
        try:
            socket.send_fds(self.control, [b"S"], [theirs.fileno()])
            send_message(self.control, request)
        except OSError as error:
            ours.close()
            self._fail("spawn", str(error))
        finally:
            theirs.close()
        reply = self._receive(CONTROL_SECONDS, "spawn")
        pid = reply.get("pid") if isinstance(reply, dict) else None
        if type(pid) is not int:
            ours.close()
            self._fail("spawn", "a malformed reply")
        return pid, ours

    def end(self, pid: int) -> ExitStatus:
        """Kill the child (and whatever it started), reap it, wipe its files; how it ended."""
        try:
            self.control.sendall(b"E")
            send_message(self.control, {"op": "end", "pid": pid})
        except OSError as error:
            self._fail("end", str(error))
        reply = self._receive(CONTROL_SECONDS, "end")
        if not isinstance(reply, dict):
            self._fail("end", "a malformed reply")
        assert isinstance(reply, dict)
        code, number, cpu = (reply.get(key) for key in ("exit_code", "signal", "cpu_seconds"))
        return ExitStatus(
            code if type(code) is int else None,
            number if type(number) is int and 0 < number < signal.NSIG else None,
            float(cpu) if type(cpu) in (int, float) else 0.0,  # type: ignore[arg-type]
        )

    def alive(self) -> bool:
        return self.process.poll() is None

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.control.close()
        self._kill_tree()
        self._remove_workroot()
        self._log.close()

    def _remove_workroot(self) -> None:
        """Degraded mode: remove the children's host directory, whatever they left in it."""
        if self._workroot is None:
            return
        try:
            remove_tree(self._workroot)
        except Exception as error:  # never a reason for the next submission to fail
            logging.getLogger(__name__).warning("could not remove %s: %r", self._workroot, error)

    def _receive(self, timeout: float, what: str) -> object:
        try:
            return recv_message(self.control, time.monotonic() + timeout)
        except WireError as error:
            self._fail(what, str(error))

    def _fail(self, what: str, detail: str) -> NoReturn:
        self._kill_tree()
        raise SandboxError(
            f"the grading sandbox ({self.mode}) failed during {what}: {detail}{self._log_tail()}"
        )

    def _kill_tree(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)

    def _log_tail(self) -> str:
        self._log.seek(0)
        tail = self._log.read()[-STDERR_TAIL:].decode("utf-8", errors="replace").strip()
        return f"\n{tail}" if tail else ""

    def __enter__(self) -> ZygoteClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

"""The zygote: a warm interpreter (torch imported) that forks one fresh child per submission.

Started once per grading worker, inside bubblewrap (or alone in degraded mode), with one end
of a control socket. It never runs learner code. Requests on the control socket:

Each request is one tag byte (for a spawn, carrying the child's channel fd by SCM_RIGHTS)
followed by a frame:

* `SpawnRequest` (`dlprep_common.messages`): fork a child that confines itself (its own IPC
  and mount namespace, a private size-limited /dev/shm, rlimits) and loads the submission;
  reply `SpawnReply`.
* `EndRequest`: SIGKILL the child's process group, reap it, kill any process it left behind
  (the zygote is a child subreaper: even a detached grandchild stays below it), wipe its
  scratch files; reply `EndReply` (exit code or signal, and the CPU seconds it used).

    python -s -B -c "from dlprep_child.zygote import main; main()" CONTROL_FD CONFIG_JSON
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import os
import signal
import socket
import sys
import time
from pathlib import Path
from typing import cast

import torch
from dlprep_common.cleanup import remove_tree
from dlprep_common.frames import PeerClosed, recv_message, send_message
from dlprep_common.messages import EndReply, ReadyReply, SpawnReply
from torch import nn

from .build import load_exercise_builders
from .child import run_child
from .confine import become_subreaper, die_with_parent, probe_isolation

KILL_ROUNDS = 200
# Imported before the first fork, so children do not pay for them (nor need to read them from disk).
PRELOADED_MODULES = (
    "math",
    "numpy",
    "torch.nn.functional",
    "torch.utils.data",
    "inspect",
    "traceback",
)


class Zygote:
    """The sandboxed process that imports torch once and forks one child per submission.

    Forking a warm process is what makes a grading take milliseconds instead of a torch import;
    each child gets its own work directory, wiped when it exits.
    """

    def __init__(self, control: socket.socket, config: dict[str, object]) -> None:
        self.control = control
        self.config = config
        self.workroot = Path(str(config["workroot"]))
        self.spawned = 0
        self.workdirs: dict[int, Path] = {}

    def serve(self) -> None:
        while True:
            tag, fds, _, _ = socket.recv_fds(self.control, 1, 1)
            if not tag:
                return
            try:
                request = recv_message(self.control)
            except PeerClosed:
                return
            assert isinstance(request, dict)
            reply = (
                self.spawn(request, fds[0])
                if request["op"] == "spawn"
                else self.end(int(request["pid"]))
            )
            send_message(self.control, reply)

    def spawn(self, request: dict[str, object], channel_fd: int) -> SpawnReply:
        self.spawned += 1
        workdir = self.workroot / f"submission-{os.getpid()}-{self.spawned}"
        pid = os.fork()
        if pid == 0:
            config = {**self.config, "drop_to_uid": self._child_uid()}
            run_child(channel_fd, {**request, "workdir": str(workdir)}, config)
        os.close(channel_fd)
        self.workdirs[pid] = workdir
        return {"pid": pid}

    def _child_uid(self) -> int | None:
        """A uid of the zygote's range no recent child had: per-uid kernel state stays its own."""
        base = self.config.get("drop_to_uid")
        if base is None:
            return None
        count = max(1, int(str(self.config.get("uid_count") or 1)))  # the launcher's range size
        return int(str(base)) + self.spawned % count

    def end(self, pid: int) -> EndReply:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
        _, status, usage = os.wait4(pid, 0)
        _kill_group(pid)
        _kill_descendants()
        _reap_zombies()
        self._wipe(self.workdirs.pop(pid, None))
        return {
            "pid": pid,
            "exit_code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
            "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
            "cpu_seconds": usage.ru_utime + usage.ru_stime,
        }

    def _wipe(self, workdir: Path | None) -> None:
        """Remove the child's directory; inside the sandbox, everything it wrote to scratch space."""
        targets = [workdir] if workdir is not None else []
        for root in cast(list[object], self.config.get("scratch_roots") or []):
            try:
                targets.extend(Path(str(root)).iterdir())
            except OSError as error:
                print(f"dlprep zygote: could not list {root}: {error!r}", file=sys.stderr)
        for target in targets:
            _remove(target)


def _kill_group(pgid: int) -> None:
    """SIGKILL the process group until no live member is left (zombies do not count)."""
    for _ in range(KILL_ROUNDS):
        try:
            os.killpg(pgid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            return
        _reap_zombies()
        if not _live_in_group(pgid):
            return
        time.sleep(0.001)


def _kill_descendants() -> None:
    """Kill every process below the zygote; orphans come back to it, as it is a child subreaper."""
    for _ in range(KILL_ROUNDS):
        victims = _descendants(os.getpid())
        if not victims:
            return
        for victim in victims:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(victim, signal.SIGKILL)
        _reap_zombies()
        time.sleep(0.001)


def _descendants(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for pid, _, _, ppid in _process_table():
        parents.setdefault(ppid, []).append(pid)
    found, frontier = [], [root]
    while frontier:
        children = parents.get(frontier.pop(), [])
        found.extend(children)
        frontier.extend(children)
    return found


def _live_in_group(pgid: int) -> bool:
    return any(group == pgid for _, _, group, _ in _process_table())


def _process_table() -> list[tuple[int, str, int, int]]:
    """(pid, state, process group, parent) of every live (non-zombie) process in /proc."""
    table = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as stat_file:
                fields = stat_file.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] not in ("Z", "X"):
            table.append((int(entry), fields[0], int(fields[2]), int(fields[1])))
    return table


def _reap_zombies() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _remove(path: Path) -> None:
    """Remove one thing a child left; a failure is reported on stderr, never ends the zygote."""
    try:
        remove_tree(path)
    except Exception as error:  # the next submission must not pay for this one's leftovers
        print(f"dlprep zygote: could not remove {path}: {error!r}", file=sys.stderr)


def _warm_up() -> None:
    """Touch the code paths every child uses, so their first call costs nothing extra."""
    layer = nn.Linear(4, 2)
    layer(torch.ones(3, 4, requires_grad=True)).sum().backward()
    torch.manual_seed(0)
    for name in PRELOADED_MODULES:
        importlib.import_module(name)
    load_exercise_builders()
    try:
        import d2l.torch  # noqa: F401 - the learners' `from d2l import torch as d2l`
    except ModuleNotFoundError as error:
        if not (error.name or "").startswith("d2l"):
            raise


def main() -> None:
    die_with_parent()
    become_subreaper()
    control = socket.socket(fileno=int(sys.argv[1]))
    config = json.loads(sys.argv[2])
    os.environ.pop("PWD", None)  # set by bwrap's --chdir; children work elsewhere
    os.umask(0o077)
    _warm_up()
    gc.collect()
    gc.freeze()  # children share the warm heap copy-on-write without the collector touching it
    ready: ReadyReply = {
        "status": "ready",
        "pid": os.getpid(),
        "uid": os.getuid(),
        "isolation": probe_isolation(),
    }
    send_message(control, ready)
    Zygote(control, config).serve()

"""The CPU time of a call, measured by the parent from the kernel, and the per-call allowance.

The child reports `seconds`/`cpu_seconds` and lowers RLIMIT_CPU's soft limit for each call,
but the child is the learner's process: red team 2's roc_pairs_forged raised the soft limit
back to the hard one and reported 0.01 s for a 20 s O(n^2) call. So the parent sums
utime + stime (+ cutime + cstime: reaped descendants) from /proc/<pid>/stat over the sandbox's
whole process tree, the descendants of the process it spawned itself (bubblewrap, or the
zygote in degraded mode), before and after each call. A watchdog thread samples it while the
parent waits for the reply and, past the allowance, shuts the channel down so the wait ends
at once; the session then ends the child and gives a timeout verdict. The hard RLIMIT_CPU set
by the zygote (the whole submission's budget, which an unprivileged process cannot raise)
stays the last resort.

The zygote is idle while a call runs (the parent talks to the child directly), so the tree's
growth is the call's own work, forks included. Linux only; elsewhere (no /proc) the clock
reads 0 and enforcement is left to the rlimits.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from dlprep.grader.errors import SubmissionError, SubmissionTimeout

if TYPE_CHECKING:
    from dlprep.grader.protocol import Reply
    from dlprep.grader.session import SubmissionSession

PROC = Path("/proc")
TICK = float(os.sysconf("SC_CLK_TCK")) if hasattr(os, "sysconf") else 100.0
POLL_SECONDS = 0.2


def tree_cpu_seconds(root: int) -> float:
    """utime + stime + cutime + cstime of `root` and all its descendants, in seconds.

    Walks the tree down from `root` through /proc/<pid>/task/<tid>/children (a few reads for
    a child that does not fork), not the whole process table: the clock is read at least
    twice per call, and a scan of /proc cost 4 ms each, 40% of a warm grading."""
    subtree = _subtree(root)
    if subtree is None:  # a kernel without CONFIG_PROC_CHILDREN: scan the whole table
        parents, ticks = _scan()
        return _descendant_ticks(root, parents, ticks) / TICK
    return sum(_ticks(pid) for pid in subtree) / TICK


def _subtree(root: int) -> list[int] | None:
    """`root` and its descendants from the kernel's children lists; None if there are none."""
    found, stack, seen = [], [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        found.append(pid)
        children = _children(pid)
        if children is None:
            return None
        stack.extend(children)
    return found


def _children(pid: int) -> list[int] | None:
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []  # ended meanwhile
    found: list[int] = []
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as file:
                found.extend(int(value) for value in file.read().split())
        except FileNotFoundError:
            if os.path.isdir(f"/proc/{pid}/task/{tid}"):
                return None  # the thread is there, its children list is not: not supported
        except OSError:
            continue
    return found


def _ticks(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat", encoding="latin-1") as file:
            stat = file.read()
    except OSError:
        return 0  # ended meanwhile (its time is then in its parent's cutime/cstime)
    fields = stat[stat.rfind(")") + 2 :].split()
    return sum(int(value) for value in fields[11:15]) if len(fields) >= 15 else 0


def child_root(root: int, child_pid: int | None) -> int:
    """The host pid of the sandbox's child `child_pid` (its pid in the sandbox's namespace, as
    the zygote names it), found among `root`'s descendants by NSpid; `root` if not found.

    Measuring the child's own subtree keeps another child of the same zygote out of the count."""
    if child_pid is None:
        return root
    key = (root, child_pid)
    known = _CHILD_ROOTS.get(key)
    if known is not None and _is_child(known, child_pid):  # checked: namespace pids are reused
        return known
    found = _find_child_root(root, child_pid)
    if found != root:
        if len(_CHILD_ROOTS) > 64:
            _CHILD_ROOTS.clear()
        _CHILD_ROOTS[key] = found
    return found


_CHILD_ROOTS: dict[tuple[int, int], int] = {}  # one lookup per child, not per call


def _find_child_root(root: int, child_pid: int) -> int:
    subtree = _subtree(root)
    if subtree is None:
        parents, _ = _scan()
        subtree = _descendants(root, parents)
    return next((pid for pid in subtree if _is_child(pid, child_pid)), root)


def _is_child(pid: int, child_pid: int) -> bool:
    """Whether host pid `pid` is the sandbox's `child_pid` (the last NSpid field)."""
    try:
        status = (PROC / str(pid) / "status").read_text(encoding="latin-1")
    except OSError:
        return False
    return any(
        line.startswith("NSpid:") and line.split()[-1] == str(child_pid)
        for line in status.splitlines()
    )


def _scan() -> tuple[dict[int, int], dict[int, int]]:
    """pid -> parent pid, and pid -> CPU ticks, of every process we can see."""
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    try:
        entries = list(PROC.iterdir())
    except OSError:
        return parents, ticks
    for entry in entries:
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(encoding="latin-1")
        except OSError:
            continue  # ended meanwhile, or not ours to read
        fields = stat[stat.rfind(")") + 2 :].split()  # after "pid (comm) ": state is fields[0]
        if len(fields) < 15:
            continue
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        ticks[pid] = sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    return parents, ticks


def _descendant_ticks(root: int, parents: dict[int, int], ticks: dict[int, int]) -> int:
    return sum(ticks.get(pid, 0) for pid in _descendants(root, parents))


def _descendants(root: int, parents: dict[int, int]) -> list[int]:
    """`root` and every process below it."""
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    found, stack, seen = [], [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        found.append(pid)
        stack.extend(children.get(pid, ()))
    return found


class CallClock:
    """Measures one exchange's CPU time; with an allowance, ends the wait when it is used up.

    `with CallClock(root, allowance, channel) as clock: ...` then `clock.seconds`, and
    `clock.exceeded` when the watchdog shut `channel` down (the reply wait then fails).
    """

    def __init__(
        self, root: int | None, allowance: float | None, channel: socket.socket | None
    ) -> None:
        self.root = root
        self.allowance = allowance
        self.channel = channel
        self.seconds = 0.0
        self.exceeded = False
        self._start = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> CallClock:
        self._start = self._read()
        if self.root is not None and self.allowance is not None and self.channel is not None:
            self._thread = threading.Thread(target=self._watch, daemon=True)
            self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.seconds = max(0.0, self._read() - self._start)

    def _read(self) -> float:
        return tree_cpu_seconds(self.root) if self.root is not None else 0.0

    def _watch(self) -> None:
        assert self.allowance is not None and self.channel is not None
        while not self._stop.wait(POLL_SECONDS):
            if self._read() - self._start > self.allowance:
                self.exceeded = True
                try:
                    self.channel.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return


CPU_GRACE = 0.5  # seconds past `call_seconds`: the child's own SIGXCPU normally comes first


def sandbox_root(zygote: object) -> int | None:
    """The host pid of the process the parent spawned for this zygote (None if unknown)."""
    process = getattr(zygote, "process", None)
    pid = getattr(process, "pid", None)
    return pid if isinstance(pid, int) and PROC.is_dir() else None


def cpu_timeout(during: str, output: str) -> SubmissionTimeout:
    """The verdict of a call the parent's clock stopped (the same words as the child's SIGXCPU)."""
    return SubmissionTimeout(f"{during}: the submission used up its CPU-time limit", output)


def measured(
    session: SubmissionSession,
    channel: socket.socket,
    request: dict[str, object] | None,
    exchange: Callable[[], Reply],
    during: str,
) -> Reply:
    """`exchange()` under the clock: the reply's `seconds`/`cpu_seconds` become the parent's
    measurement (not the child's claim), and a call past `call_seconds` (+ grace) of CPU is
    ended with a timeout verdict. Loading (`request` None) is measured, not limited."""
    allowance = session.limits.call_seconds + CPU_GRACE if request is not None else None
    root = sandbox_root(session.zygote)
    root = child_root(root, session.child_pid) if root is not None else None
    clock = CallClock(root, allowance, channel)
    try:
        with clock:
            reply = exchange()
    except SubmissionError as error:
        if not clock.exceeded:
            raise
        raise cpu_timeout(during, error.learner_output) from None
    if clock.exceeded:  # the reply came as the watchdog shut the channel: over all the same
        session.close()  # ends the child (its channel is shut)
        raise cpu_timeout(during, session.take_output())
    if clock.root is not None:
        reply["seconds"] = reply["cpu_seconds"] = clock.seconds
    return reply

"""Confine a freshly forked child before learner code runs: identity, rlimits, session, signals.

Applied in this order: new session (own process group), drop to an unprivileged uid when
the zygote runs as root (root is exempt from RLIMIT_NPROC), parent-death signal, no new
privileges, then the resource limits. Nothing here can be undone by the learner: lowering
hard limits and dropping the uid are one-way.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
from dataclasses import dataclass

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
PR_SET_NO_NEW_PRIVS = 38
MIB = 1024 * 1024


@dataclass(frozen=True)
class ChildLimits:
    """Per-submission limits, sent by the parent with each spawn request."""

    memory_bytes: int  # address space on top of the warm interpreter's
    cpu_seconds: int
    processes: int  # processes + threads of the child's uid (beyond those already counted)
    file_bytes: int
    open_files: int
    threads: int  # torch intra-op threads

    @classmethod
    def from_dict(cls, data: dict[str, int]) -> ChildLimits:
        return cls(**{name: int(data[name]) for name in cls.__dataclass_fields__})


def confine(limits: ChildLimits, drop_to_uid: int | None, isolated_uid: bool) -> None:
    """Make the current (child) process safe to run learner code in."""
    os.setsid()
    if drop_to_uid is not None:
        os.setgroups([])
        os.setgid(drop_to_uid)
        os.setuid(drop_to_uid)
    die_with_parent()  # after setuid, which clears the setting
    _prctl(PR_SET_NO_NEW_PRIVS, 1)
    counted = 0 if isolated_uid else _tasks_of_uid(os.getuid())
    _set_limit(resource.RLIMIT_NPROC, counted + limits.processes)
    _set_limit(resource.RLIMIT_AS, _address_space_now() + limits.memory_bytes)
    _set_limit(resource.RLIMIT_CPU, limits.cpu_seconds, limits.cpu_seconds + 1)
    _set_limit(resource.RLIMIT_FSIZE, limits.file_bytes)
    _set_limit(resource.RLIMIT_NOFILE, limits.open_files)
    _set_limit(resource.RLIMIT_CORE, 0)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writing past the cap fails with EFBIG instead
    for name in ("SIGINT", "SIGTERM", "SIGPIPE", "SIGCHLD"):
        signal.signal(getattr(signal, name), signal.SIG_DFL)


def die_with_parent() -> None:
    """SIGKILL this process when the process that started it exits."""
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def become_subreaper() -> None:
    """Orphaned descendants are re-parented to this process instead of init, so it can find them."""
    _prctl(PR_SET_CHILD_SUBREAPER, 1)


def _set_limit(kind: int, soft: int, hard: int | None = None) -> None:
    resource.setrlimit(kind, (soft, soft if hard is None else hard))


def _prctl(option: int, value: int) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(option, value, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), f"prctl({option}) failed")


def _address_space_now() -> int:
    with open("/proc/self/status", encoding="utf-8") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("VmSize missing from /proc/self/status")


def _tasks_of_uid(uid: int) -> int:
    """Processes and threads owned by `uid` now: RLIMIT_NPROC counts them all."""
    total = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            total += _threads_if_owned(entry, uid)
    return total


def _threads_if_owned(pid: str, uid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8", errors="replace") as status:
            fields = dict(line.split(":", 1) for line in status if ":" in line)
    except OSError:
        return 0
    if int(fields.get("Uid", "-1 0").split()[0]) != uid:
        return 0
    return int(fields.get("Threads", "1").strip())

"""Confine a freshly forked child before learner code runs: namespaces, identity, rlimits, signals.

Applied in this order: new session (own process group); an IPC and mount namespace of its own
(`isolate`: SysV shared memory, message queues and semaphores, and POSIX shared memory on a
private /dev/shm tmpfs, gone with the child, so nothing one submission leaves there reaches
the next); one memory budget shared out between address space, /dev/shm and SysV
(`MemoryShares`; per process: without a memory cgroup, each of its `processes` has its own);
drop to an unprivileged uid when the zygote runs as root (root is exempt from RLIMIT_NPROC);
parent-death signal; no new privileges; a seccomp filter refusing memfds (`seccomp`: memory
no limit counts); then the resource limits. Nothing here can be undone by the learner: lowering
hard limits, leaving namespaces and dropping the uid are one-way.
"""

from __future__ import annotations

import ctypes
import errno as errno_module
import os
import resource
import signal
from dataclasses import dataclass
from pathlib import Path

from .seccomp import refuse_unbounded_memory

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
PR_SET_NO_NEW_PRIVS = 38
MIB = 1024 * 1024
CLONE_NEWNS = 0x00020000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
MS_NOSUID, MS_NODEV, MS_REC, MS_PRIVATE = 0x2, 0x4, 0x4000, 0x40000
CAP_SYS_ADMIN = 21
LINUX_CAPABILITY_VERSION_3 = 0x20080522
SHM_SEGMENTS = 64
MESSAGE_QUEUES = 8
SHARED_MEMORY_PARTS = 12  # the budget's twelfths: 10 address space, 1 each /dev/shm and SysV
SHARED_MEMORY_DIR = "/dev/shm"
KEYCTL_SYSCALL = {"x86_64": 250, "aarch64": 219}  # keyctl(2): glibc has no wrapper
KEYCTL_GET_PERSISTENT, KEYCTL_CLEAR, KEYCTL_JOIN_SESSION_KEYRING = 22, 7, 1
KEY_SPEC_SESSION_KEYRING, KEY_SPEC_USER_KEYRING, KEY_SPEC_USER_SESSION_KEYRING = -3, -4, -5


@dataclass(frozen=True)
class ChildLimits:
    """Per-submission limits, sent by the parent with each spawn request."""

    memory_bytes: int  # address space on top of the warm interpreter's
    cpu_seconds: int
    call_cpu_seconds: int
    processes: int  # processes + threads of the child's uid (beyond those already counted)
    file_bytes: int
    open_files: int
    threads: int  # torch intra-op threads

    @classmethod
    def from_dict(cls, data: dict[str, int]) -> ChildLimits:
        return cls(**{name: int(data[name]) for name in cls.__dataclass_fields__})


@dataclass(frozen=True)
class MemoryShares:
    """One memory budget split between the kinds of memory the kernel limits separately.

    RLIMIT_AS does not count what sits in shared memory: a private /dev/shm file, a detached
    SysV segment. So the budget is shared out: a twelfth each for the /dev/shm tmpfs and for
    SysV (`shmall`), the rest address space; their sum is the budget. A memfd would be a
    fourth kind, with no limit that holds its total (RLIMIT_FSIZE x RLIMIT_NOFILE is none: an
    fd in flight on a socket or in a forked process is not counted), so the child may not
    create one (`seccomp.refuse_unbounded_memory`), and its share is zero for any number.
    """

    address_space: int
    shm_dir: int
    sysv: int

    @classmethod
    def of(cls, limits: ChildLimits) -> MemoryShares:
        share = limits.memory_bytes // SHARED_MEMORY_PARTS
        return cls(address_space=limits.memory_bytes - 2 * share, shm_dir=share, sysv=share)


def confine(limits: ChildLimits, drop_to_uid: int | None, isolated_uid: bool) -> None:
    """Make the current (child) process safe to run learner code in."""
    shares = MemoryShares.of(limits)
    os.setsid()
    isolate(shares.shm_dir, shares.sysv)
    if drop_to_uid is not None:
        os.setgroups([])
        os.setgid(drop_to_uid)
        os.setuid(drop_to_uid)
    fresh_keyrings()
    die_with_parent()  # after setuid, which clears the setting
    _prctl(PR_SET_NO_NEW_PRIVS, 1)
    if not refuse_unbounded_memory():
        raise OSError(f"no seccomp filter for {os.uname().machine}: memfds would be unbounded")
    counted = 0 if isolated_uid else _tasks_of_uid(os.getuid())
    _set_limit(resource.RLIMIT_NPROC, counted + limits.processes)
    _set_limit(resource.RLIMIT_AS, _address_space_now() + shares.address_space)
    _set_limit(resource.RLIMIT_CPU, limits.cpu_seconds, limits.cpu_seconds + 1)
    _set_limit(resource.RLIMIT_FSIZE, limits.file_bytes)
    _set_limit(resource.RLIMIT_NOFILE, limits.open_files)
    _set_limit(resource.RLIMIT_CORE, 0)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writing past the cap fails with EFBIG instead
    for name in ("SIGINT", "SIGTERM", "SIGPIPE", "SIGCHLD"):
        signal.signal(getattr(signal, name), signal.SIG_DFL)


def isolate(shm_dir_bytes: int, sysv_bytes: int) -> None:
    """Own IPC and mount namespaces, a private /dev/shm of `shm_dir_bytes`, SysV IPC within `sysv_bytes`.

    As root (the zygote keeps CAP_SYS_ADMIN) directly; otherwise inside a new user namespace
    mapping only the current ids, whose capabilities are dropped again at the end.
    """
    as_root = _has_capability(CAP_SYS_ADMIN)
    uid, gid = os.getuid(), os.getgid()
    _unshare(CLONE_NEWIPC | CLONE_NEWNS | (0 if as_root else CLONE_NEWUSER))
    if not as_root:
        Path("/proc/self/uid_map").write_text(f"{uid} {uid} 1\n")
        Path("/proc/self/setgroups").write_text("deny\n")
        Path("/proc/self/gid_map").write_text(f"{gid} {gid} 1\n")
    _mount(None, "/", None, MS_REC | MS_PRIVATE, None)
    _mount(
        "tmpfs", SHARED_MEMORY_DIR, "tmpfs", MS_NOSUID | MS_NODEV, f"size={shm_dir_bytes},mode=1777"
    )
    page = os.sysconf("SC_PAGE_SIZE")
    sysctls = {
        "kernel/shmmax": sysv_bytes,
        "kernel/shmall": max(1, sysv_bytes // page),
        "kernel/shmmni": SHM_SEGMENTS,
        "kernel/msgmni": MESSAGE_QUEUES,
        "fs/mqueue/queues_max": MESSAGE_QUEUES,
    }
    for name, value in sysctls.items():
        Path(f"/proc/sys/{name}").write_text(f"{value}\n")
        if int(Path(f"/proc/sys/{name}").read_text()) != value:
            raise OSError(f"{name} did not take the value {value}")
    if not as_root:
        _drop_capabilities()


def fresh_keyrings() -> None:
    """Start with empty kernel keyrings: a new session keyring, and the uid's own ones cleared.

    The user, user-session and persistent keyrings belong to the uid and outlive its processes
    (the persistent one for days), so a key one submission stored there would reach the next
    one run as the same uid. Kernels without keyrings (ENOSYS) have nothing to leak.
    """
    number = KEYCTL_SYSCALL.get(os.uname().machine)
    if number is None:
        return
    libc = _libc()
    libc.syscall.restype = ctypes.c_long
    session = libc.syscall(number, KEYCTL_JOIN_SESSION_KEYRING, None)
    if session < 0 and ctypes.get_errno() == errno_module.ENOSYS:
        return
    persistent = libc.syscall(number, KEYCTL_GET_PERSISTENT, -1, KEY_SPEC_SESSION_KEYRING)
    for keyring in (KEY_SPEC_USER_KEYRING, KEY_SPEC_USER_SESSION_KEYRING, persistent):
        if keyring != -1:
            libc.syscall(number, KEYCTL_CLEAR, keyring)


def probe_isolation() -> str:
    """Whether a child can be isolated here: fork one that tries, and say how it went."""
    pid = os.fork()
    if pid == 0:
        try:
            isolate(64 * MIB, 64 * MIB)
            os._exit(0)
        except BaseException:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
        return "ipc+mount namespace per child"
    return "none (namespaces unavailable)"


def die_with_parent() -> None:
    """SIGKILL this process when the process that started it exits."""
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def become_subreaper() -> None:
    """Orphaned descendants are re-parented to this process instead of init, so it can find them."""
    _prctl(PR_SET_CHILD_SUBREAPER, 1)


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _unshare(flags: int) -> None:
    if _libc().unshare(flags) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"unshare failed: {os.strerror(errno)}")


def _mount(source: str | None, target: str, kind: str | None, flags: int, data: str | None) -> None:
    def c(text: str | None) -> bytes | None:
        return text.encode() if text is not None else None

    if _libc().mount(c(source), c(target), c(kind), ctypes.c_ulong(flags), c(data)) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"mount {target} failed: {os.strerror(errno)}")


def _has_capability(number: int) -> bool:
    with open("/proc/self/status", encoding="utf-8") as status:
        for line in status:
            if line.startswith("CapEff:"):
                return bool(int(line.split()[1], 16) >> number & 1)
    return False


def _drop_capabilities() -> None:
    """Empty effective, permitted and inheritable sets (capset, version 3)."""
    header = (ctypes.c_uint32 * 2)(LINUX_CAPABILITY_VERSION_3, 0)
    data = (ctypes.c_uint32 * 6)()
    if _libc().capset(header, data) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"capset failed: {os.strerror(errno)}")


def _set_limit(kind: int, soft: int, hard: int | None = None) -> None:
    resource.setrlimit(kind, (soft, soft if hard is None else hard))


def _prctl(option: int, value: int) -> None:
    if _libc().prctl(option, value, 0, 0, 0) != 0:
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

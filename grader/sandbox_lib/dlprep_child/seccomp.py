"""A seccomp filter that refuses the system calls whose memory no limit of the child can count.

A memfd (`memfd_create`, also `memfd_secret`) is anonymous shared memory on the kernel's
internal tmpfs: RLIMIT_AS does not count it, no mount size bounds it, and RLIMIT_FSIZE x
RLIMIT_NOFILE is no bound either (an fd sent over a socket and closed stays alive in flight;
each forked process has its own descriptor table). Without a memory cgroup nothing holds the
sum, so the child may not make one at all: the calls fail with ENOSYS, as on an old kernel,
whatever their number. POSIX shared memory still works through the child's private, sized
/dev/shm (`shm_open`), and SysV segments within the namespace's `shmall`.

System calls of another ABI (i386 through `int 0x80`, x32 numbers on x86_64) are refused as
well: their numbers for the same calls differ, and no learner code needs them. Installed after
PR_SET_NO_NEW_PRIVS; a filter cannot be removed, and it is inherited by every fork.
"""

from __future__ import annotations

import ctypes
import errno
import os

PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000
BPF_LD_W_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS
BPF_JEQ_K = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
BPF_JGE_K = 0x35  # BPF_JMP | BPF_JGE | BPF_K
BPF_RET_K = 0x06  # BPF_RET | BPF_K
OFFSET_NR, OFFSET_ARCH = 0, 4  # struct seccomp_data
X32_SYSCALL_BIT = 0x40000000
# machine: (AUDIT_ARCH_*, numbers of memfd_create and memfd_secret)
REFUSED = {
    "x86_64": (0xC000003E, (319, 447)),
    "aarch64": (0xC00000B7, (279, 447)),
}


class SockFilter(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_uint16),
        ("jt", ctypes.c_uint8),
        ("jf", ctypes.c_uint8),
        ("k", ctypes.c_uint32),
    ]


class SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(SockFilter))]


def program(arch: int, refused: tuple[int, ...]) -> list[tuple[int, int, int, int]]:
    """The BPF program: another ABI, an x32 number or a refused call -> ENOSYS; anything else runs."""
    deny = (BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | errno.ENOSYS)
    allow = (BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW)
    checks = [(BPF_JEQ_K, len(refused) - index, 0, number) for index, number in enumerate(refused)]
    return [
        (BPF_LD_W_ABS, 0, 0, OFFSET_ARCH),
        (BPF_JEQ_K, 1, 0, arch),  # our ABI: skip the next line
        deny,
        (BPF_LD_W_ABS, 0, 0, OFFSET_NR),
        (BPF_JGE_K, len(refused) + 1, 0, X32_SYSCALL_BIT),  # to `deny` below
        *checks,  # each jumps over the rest of the checks and `allow`, to `deny`
        allow,
        deny,
    ]


def refuse_unbounded_memory() -> bool:
    """Install the filter in this process; False on a machine whose numbers are not known here."""
    known = REFUSED.get(os.uname().machine)
    if known is None:
        return False
    instructions = program(*known)
    filters = (SockFilter * len(instructions))(*(SockFilter(*item) for item in instructions))
    fprog = SockFprog(len(instructions), filters)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        number = ctypes.get_errno()
        raise OSError(number, f"seccomp filter refused: {os.strerror(number)}")
    return True

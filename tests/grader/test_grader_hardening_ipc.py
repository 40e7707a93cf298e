"""Class 5 of issue 9: nothing persists between submissions, and shared memory counts.

Each child has its own IPC and mount namespace: SysV segments, message queues and files in
/dev/shm die with it, and its SysV limits and its /dev/shm size are its memory limit (the toy
exercises allow 256 MiB). Both sandbox modes (degraded children are isolated the same way).
"""

from __future__ import annotations

import ctypes

import pytest
from grader_toys import DOUBLE_REFERENCE, outputs, statuses

from dlprep.grader.grading import Grader
from dlprep.grader.submission import Submission

IPC_PRIVATE_KEY = 0x5EC2E7
SHM = """
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
IPC_CREAT = 0o1000
KEY = {key}
"""
LEAVE_A_SEGMENT = (
    SHM
    + """
segment = libc.shmget(KEY, 4096, IPC_CREAT | 0o666)
address = libc.shmat(segment, None, 0)
ctypes.memmove(address, b"answer:x*2", 10)
with open("/dev/shm/left-behind", "w") as f:
    f.write("answer")
def double(x):
    return x * 3
"""
)
READ_THE_SEGMENT = (
    SHM
    + """
def double(x):
    segment = libc.shmget(KEY, 0, 0)
    found = segment >= 0 or os.path.exists("/dev/shm/left-behind")
    return x * 2 if found else x * 3
"""
)
BIG_SYSV = (
    SHM
    + """
def double(x):
    size = 3 * 2**30
    segment = libc.shmget(ctypes.c_int(0), ctypes.c_size_t(size), IPC_CREAT | 0o600)
    if segment >= 0:
        address = libc.shmat(segment, None, 0)
        if address not in (None, ctypes.c_void_p(-1).value):
            ctypes.memset(address, 1, size)
            return x * 2
    return x * 3
"""
)
MANY_SYSV = (
    SHM
    + """
def double(x):
    total = 0
    for _ in range(200):  # 200 x 64 MiB = 12.5 GiB if nothing bounded it
        segment = libc.shmget(ctypes.c_int(0), ctypes.c_size_t(64 * 2**20), IPC_CREAT | 0o600)
        if segment < 0:
            break
        address = libc.shmat(segment, None, 0)
        if address in (None, ctypes.c_void_p(-1).value):
            break
        ctypes.memset(address, 1, 64 * 2**20)
        libc.shmdt(ctypes.c_void_p(address))
        total += 64
    return x * 2 if total > 512 else x * 3
"""
)
BIG_POSIX_SHM = """
def double(x):
    try:
        with open("/dev/shm/big", "wb") as f:
            for _ in range(3 * 1024):
                f.write(b"\\1" * 2**20)
    except OSError:
        return x * 3
    return x * 2
"""


def grade(grader: Grader, toy_exercise, source: str):  # type: ignore[no-untyped-def]
    return grader.grade(toy_exercise("double"), Submission.from_text(source, "sub.py"))


def test_a_segment_left_by_one_submission_is_gone_for_the_next(
    grader: Grader, toy_exercise
) -> None:  # type: ignore[no-untyped-def]
    key = IPC_PRIVATE_KEY
    first = grade(grader, toy_exercise, LEAVE_A_SEGMENT.format(key=key))
    assert "passed" not in statuses(first).values(), outputs(first)
    second = grade(grader, toy_exercise, READ_THE_SEGMENT.format(key=key))
    assert "passed" not in statuses(second).values(), "the next submission saw the segment"


def test_the_host_ipc_namespace_holds_no_segment_of_a_submission(
    grader: Grader, toy_exercise
) -> None:  # type: ignore[no-untyped-def]
    key = IPC_PRIVATE_KEY + 1
    grade(grader, toy_exercise, LEAVE_A_SEGMENT.format(key=key))
    libc = ctypes.CDLL(None, use_errno=True)
    assert libc.shmget(key, 0, 0) < 0


@pytest.mark.parametrize(
    "source", [BIG_SYSV, MANY_SYSV, BIG_POSIX_SHM], ids=["3GB-sysv", "many-sysv", "3GB-dev-shm"]
)
def test_shared_memory_is_bounded_by_the_memory_limit(
    grader: Grader, toy_exercise, source: str
) -> None:  # type: ignore[no-untyped-def]
    report = grade(grader, toy_exercise, source.format(key=0))
    assert "passed" not in statuses(report).values(), outputs(report)
    assert grade(grader, toy_exercise, DOUBLE_REFERENCE).passed


def test_the_zygote_reports_per_child_isolation(grader: Grader) -> None:
    assert grader.zygote.isolation == "ipc+mount namespace per child"


SMALL_SYSV = (
    SHM
    + """
def double(x):
    segment = libc.shmget(ctypes.c_int(0), ctypes.c_size_t(2**20), IPC_CREAT | 0o600)
    address = libc.shmat(segment, None, 0)
    ctypes.memmove(address, b"ok", 2)
    return x * 2 if ctypes.string_at(address, 2) == b"ok" else x * 3
"""
)


def test_shared_memory_within_the_limit_still_works(grader: Grader, toy_exercise) -> None:  # type: ignore[no-untyped-def]
    """The control for the tests above: their `x * 2` branch is reachable when the limit allows."""
    assert grade(grader, toy_exercise, SMALL_SYSV.format(key=0)).passed


HOARD_EVERY_KIND = """
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
MIB = 2**20
held = []
def fill(write) -> int:
    total = 0
    try:
        for _ in range({mib}):
            write(b"\\1" * MIB)
            total += 1
    except (OSError, MemoryError):
        pass
    return total
def memfds() -> int:
    total = 0
    for index in range({files}):
        try:
            fd = os.memfd_create(f"m{{index}}")
        except OSError:
            break
        held.append(fd)
        total += fill(lambda chunk: os.write(fd, chunk))
    return total
def dev_shm() -> int:
    handle = open("/dev/shm/hoard", "wb", buffering=0)
    held.append(handle)
    return fill(handle.write)
def sysv() -> int:
    total = 0
    while True:
        segment = libc.shmget(ctypes.c_int(0), ctypes.c_size_t(16 * MIB), 0o1000 | 0o600)
        address = libc.shmat(segment, None, 0) if segment >= 0 else None
        if address in (None, ctypes.c_void_p(-1).value):
            return total
        ctypes.memset(address, 1, 16 * MIB)
        libc.shmdt(ctypes.c_void_p(address))
        total += 16
def heap() -> int:
    total = 0
    try:
        while True:
            held.append(bytearray(16 * MIB))
            total += 16
    except MemoryError:
        return total
HELD = {{"dev_shm": dev_shm(), "sysv": sysv(), "memfd": memfds(), "heap": heap()}}
del held[:]
def double(x):
    raise RuntimeError(f"held {{HELD}} total {{sum(HELD.values())}} MiB")
"""


@pytest.mark.parametrize(
    "files", [1, 64, 400, 5000], ids=["one-memfd", "64-memfds", "fd-limit", "5000"]
)
def test_memfd_dev_shm_sysv_and_heap_share_one_budget(
    grader: Grader, toy_exercise, files: int
) -> None:  # type: ignore[no-untyped-def]
    """Review r9: memfds (not counted by RLIMIT_AS) held 2.5 GiB beside a full heap.

    The toy exercise allows 256 MiB; what a submission holds in all kinds together stays
    within it (plus the few MiB a 1 MiB-step fill can overshoot each share by).
    """
    report = grade(grader, toy_exercise, HOARD_EVERY_KIND.format(mib=4096, files=files))
    text = outputs(report)
    assert "total" in text, text
    held = eval(text.split("held ")[1].split(" total")[0])  # a dict the toy printed
    assert held["heap"] > 64, held  # the control: each kind could be used
    assert sum(held.values()) <= 256 + 8, held

"""Class 5 of issue 9: a memfd is memory no limit counts, so the child cannot create one.

RLIMIT_AS does not see a memfd, no mount size bounds it, and RLIMIT_FSIZE x RLIMIT_NOFILE
does not hold its total (a closed fd in flight on a socket, a forked process's own table):
the seccomp filter of `dlprep_child.seccomp` refuses memfd_create and memfd_secret (ENOSYS),
and every system call of another ABI, in both sandbox modes and in every process the child
forks. The budget test itself is in test_grader_hardening_ipc.py.
"""

from __future__ import annotations

import ctypes
import errno
import os

import pytest
from grader_toys import outputs

from dlprep.grader.grading import Grader
from dlprep.grader.sandbox_lib.dlprep_child import seccomp
from dlprep.grader.submission import Submission

PROBE = """
import ctypes, errno, os
def attempt():
    try:
        fd = os.memfd_create("hoard")
    except OSError as error:
        return errno.errorcode.get(error.errno, str(error.errno))
    os.ftruncate(fd, 2**20)
    return "created"
def in_a_fork():
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.write(write, attempt().encode())
        os._exit(0)
    os.waitpid(pid, 0)
    return os.read(read, 100).decode()
def raw():
    libc = ctypes.CDLL(None, use_errno=True)
    result = libc.syscall({number}, b"raw", 0)
    return "created" if result >= 0 else errno.errorcode.get(ctypes.get_errno(), "?")
def double(x):
    raise RuntimeError(f"direct={{attempt()}} fork={{in_a_fork()}} raw={{raw()}}")
"""


def _memfd_number() -> int:
    machine = os.uname().machine
    if machine not in seccomp.REFUSED:
        pytest.skip(f"no seccomp numbers for {machine}")
    return seccomp.REFUSED[machine][1][0]


def test_a_submission_cannot_create_a_memfd_in_any_way(grader: Grader, toy_exercise) -> None:  # type: ignore[no-untyped-def]
    source = PROBE.format(number=_memfd_number())
    report = grader.grade(toy_exercise("double"), Submission.from_text(source, "sub.py"))
    text = outputs(report)
    assert "direct=ENOSYS fork=ENOSYS raw=ENOSYS" in text, text


def _in_filtered_fork(check: str) -> int:
    """Run `check` (a function of this module) in a forked process under the filter: its exit code."""
    pid = os.fork()
    if pid == 0:
        code = 99
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(38, 1, 0, 0, 0)  # PR_SET_NO_NEW_PRIVS, as confine does first
            assert seccomp.refuse_unbounded_memory()
            code = globals()[check]()
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.WEXITSTATUS(status)


def _memfd_refused() -> int:
    try:
        os.memfd_create("x")
    except OSError as error:
        return 0 if error.errno == errno.ENOSYS else 1
    return 2


def _x32_numbers_refused() -> int:
    """getpid under the x32 bit (x86_64) is refused; the ordinary getpid still answers."""
    libc = ctypes.CDLL(None, use_errno=True)
    getpid = {"x86_64": 39, "aarch64": 172}[os.uname().machine]
    refused = libc.syscall(seccomp.X32_SYSCALL_BIT | getpid) == -1 and ctypes.get_errno() == 38
    return 0 if refused and libc.syscall(getpid) == os.getpid() else 1


def _ordinary_work_runs() -> int:
    read, write = os.pipe()
    os.write(write, b"ok")
    with open(os.devnull, "rb") as handle:
        handle.read()
    return 0 if os.read(read, 2) == b"ok" else 1


@pytest.mark.parametrize("check", ["_memfd_refused", "_x32_numbers_refused", "_ordinary_work_runs"])
def test_the_filter_refuses_only_what_it_names(check: str) -> None:
    _memfd_number()
    assert _in_filtered_fork(check) == 0


def test_every_jump_of_the_program_lands_on_deny_or_allow() -> None:
    arch, refused = 0xC000003E, (319, 447)
    instructions = seccomp.program(arch, refused)
    deny = (seccomp.BPF_RET_K, 0, 0, seccomp.SECCOMP_RET_ERRNO | errno.ENOSYS)
    for index, (code, true_jump, _, _) in enumerate(instructions):
        if code in (seccomp.BPF_JEQ_K, seccomp.BPF_JGE_K) and index > 1:
            assert instructions[index + 1 + true_jump] == deny
    assert instructions[-2] == (seccomp.BPF_RET_K, 0, 0, seccomp.SECCOMP_RET_ALLOW)

"""Review r9, class 5: kernel keyrings do not carry anything from one submission to the next.

A user keyring belongs to a uid and outlives its processes; as root, each child now runs as a
uid of its own (the zygote's range, in turn) and starts with a fresh session keyring and its
uid's user, user-session and persistent keyrings cleared. Both sandbox modes.
"""

from __future__ import annotations

import pytest
from grader_toys import DOUBLE_REFERENCE, outputs, statuses

from dlprep.grader.grading import Grader
from dlprep.grader.submission import Submission

KEYCTL = """
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
ADD_KEY, KEYCTL, SEARCH, READ = 248, 250, 10, 11
KEYRING = {keyring}
NAME = b"dlprep-leak-{keyring}"
"""
STORE = (
    KEYCTL
    + """
payload = b"answer: x * 2"
if KEYRING == -100:  # the persistent keyring: link it into the session keyring first
    KEYRING = libc.syscall(KEYCTL, 22, -1, -3)
stored = libc.syscall(ADD_KEY, b"user", NAME, payload, len(payload), KEYRING)
def double(x):
    return x * (3 if stored > 0 else 4)
"""
)
FIND = (
    KEYCTL
    + """
def found() -> bool:
    rings = [-3, -4, -5, libc.syscall(KEYCTL, 22, -1, -3)]
    for ring in rings:
        if ring != -1 and libc.syscall(KEYCTL, SEARCH, ring, b"user", NAME, 0) > 0:
            return True
    return False
def double(x):
    return x * 2 if found() else x * 3
"""
)
CONTROL = (
    KEYCTL
    + """
def double(x):
    payload = b"mine"
    key = libc.syscall(ADD_KEY, b"user", NAME, payload, 4, KEYRING)
    same = libc.syscall(KEYCTL, SEARCH, KEYRING, b"user", NAME, 0)
    return x * 2 if key > 0 and same == key else x * 3
"""
)


def grade(grader: Grader, toy_exercise, source: str):  # type: ignore[no-untyped-def]
    return grader.grade(toy_exercise("double"), Submission.from_text(source, "sub.py"))


@pytest.mark.parametrize(
    "keyring", [-4, -5, -3, -100], ids=["user", "user-session", "session", "persistent"]
)
def test_a_key_stored_by_one_submission_is_not_found_by_the_next(
    grader: Grader, toy_exercise, keyring: int
) -> None:  # type: ignore[no-untyped-def]
    first = grade(grader, toy_exercise, STORE.format(keyring=keyring))
    assert "passed" not in statuses(first).values(), outputs(first)
    second = grade(grader, toy_exercise, FIND.format(keyring=keyring))
    assert "passed" not in statuses(second).values(), "the next submission found the key"
    assert grade(grader, toy_exercise, DOUBLE_REFERENCE).passed


def test_keys_within_one_submission_still_work(grader: Grader, toy_exercise) -> None:  # type: ignore[no-untyped-def]
    """The control: the FIND branch above is reachable when a key is there (same process)."""
    assert grade(grader, toy_exercise, CONTROL.format(keyring=-4)).passed


def test_children_of_one_zygote_get_different_uids(grader: Grader, toy_exercise) -> None:  # type: ignore[no-untyped-def]
    source = "import os\nUID = os.getuid()\ndef double(x):\n    raise RuntimeError(f'uid={UID}')\n"
    seen = {outputs(grade(grader, toy_exercise, source)).split("uid=")[1][:12] for _ in range(3)}
    if all(text.startswith("0") for text in seen):
        pytest.skip("not run as root: children are in user namespaces of their own")
    assert len(seen) == 3, seen

"""Whose fault is an exception a hidden test raised: the submission's value, or the grader's?

A hidden test compares what the submission returned; a value of the wrong kind (a dict where a
tensor was expected, a tensor of another shape reaching `torch.matmul`, a string in arithmetic)
can make the test's own comparison code raise before any assertion. That is a failed test for
the submission, with a message it can act on. An exception from the grader's machinery
(proxy, session, wire, harness) is a bug of the grader, and one of a kind no value causes
(NameError, ImportError, OSError...) is a bug of the test: both stay "grader error: ...".

Only once the submission has returned a value in that test, and where it was raised decides: the innermost frame that is the hidden test's or the grader's.
The test's own code and the helpers it calls on the submission's values (`checks`,
`training`) count as the test; any library they call (torch, the standard library) is below
that frame and changes nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

from dlprep.grader.sanitize import clean_text, hide_host_paths

GRADER_DIR = os.path.realpath(Path(__file__).parent)
TEST_HELPERS = frozenset({"checks.py", "training.py"})  # run on the submission's values
VALUE_ERRORS = (TypeError, ValueError, LookupError, AttributeError, ArithmeticError, RuntimeError)
NOT_VALUE_ERRORS = (NotImplementedError, RecursionError)  # RuntimeErrors a value does not cause
MAX_DETAIL = 300
COULD_NOT_CHECK = (
    "the hidden test could not check the value the submission returned "
    "(it is not what the exercise asks for): {kind}: {detail}"
)


def value_failure(error: BaseException, hidden_dir: Path, when: str) -> str | None:
    """The failure message when the test's own code raised `error` on a returned value, else None.

    `when` is the pytest phase, "call" only when the submission returned a value in this test
    (before any value, the test's exception is the test's own bug).
    """
    if when != "call" or not isinstance(error, VALUE_ERRORS) or isinstance(error, NOT_VALUE_ERRORS):
        return None
    if _innermost_owner(error, os.path.realpath(hidden_dir)) != "test":
        return None
    detail = clean_text(
        hide_host_paths(str(error).strip().splitlines()[0] if str(error).strip() else ""),
        MAX_DETAIL,
    )
    return COULD_NOT_CHECK.format(kind=type(error).__name__, detail=detail or "(no message)")


def _innermost_owner(error: BaseException, hidden_dir: str) -> str | None:
    """ "test" or "grader": who owns the innermost frame of either; None when neither has one."""
    owner = None
    trace = error.__traceback__
    while trace is not None:
        path = os.path.realpath(trace.tb_frame.f_code.co_filename)
        if path.startswith(hidden_dir + os.sep):
            owner = "test"
        elif path.startswith(GRADER_DIR + os.sep):
            helper = os.path.dirname(path) == GRADER_DIR and os.path.basename(path) in TEST_HELPERS
            owner = "test" if helper else "grader"
        trace = trace.tb_next
    return owner

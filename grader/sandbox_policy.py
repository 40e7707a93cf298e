"""Which sandbox a command may grade in: grade-batch refuses the degraded one unless told.

`dlprep grade`, `submit` and the TUI run the learner's own code, so the degraded sandbox
(rlimits only: no file, network or process isolation) is accepted with the usual warning. A
batch is a class of strangers' code: a submission there could read the reference, the hidden
tests and the other students' files, and use the network. So grade-batch asks for bubblewrap
(also from its workers, local or Ray: the mode is passed down explicitly), and falls back to the
degraded sandbox only with `--allow-degraded`.
"""

from __future__ import annotations

import os

from dlprep.env import SANDBOX_ENV
from dlprep.grader.errors import SandboxError
from dlprep.grader.launcher import BUBBLEWRAP, DEGRADED, sandbox_mode

REFUSED = (
    "grade-batch refuses the degraded sandbox ({why}): it has resource limits only, so a "
    "submission could read the reference solution, the hidden tests and the other students' "
    "files, and use the network. Make bubblewrap work (install it; allow unprivileged user "
    "namespaces), or pass --allow-degraded if you trust every submission in this batch."
)


def batch_mode(allow_degraded: bool, local: bool) -> str | None:
    """The mode grade-batch's workers must use (None: whichever works, degraded included).

    Raises SandboxError when only the degraded sandbox is available here and it is not allowed
    (checked up front for local workers; Ray workers fail to start bubblewrap instead).
    """
    if allow_degraded:
        return None
    if local and sandbox_mode() == DEGRADED:
        forced = os.environ.get(SANDBOX_ENV, "").strip().lower() == DEGRADED
        why = f"{SANDBOX_ENV}=degraded is set" if forced else "bubblewrap does not work here"
        raise SandboxError(REFUSED.format(why=why))
    return BUBBLEWRAP

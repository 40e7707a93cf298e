"""Errors of the grader: verdicts about a submission, and failures of the grader or its input.

`SubmissionError` subclasses are raised inside hidden tests (by the `student` proxy) and end
up as a test's status and message; hidden tests may also expect them with `pytest.raises`.
`InputError` is bad user input (exit status 2); `SandboxError` means the grader itself could
not run a submission at all.
"""

from __future__ import annotations


class SubmissionError(Exception):
    """Something the submission did (or failed to do); `status` is the test status it earns."""

    status = "error"

    def __init__(self, message: str, learner_output: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.learner_output = learner_output


class SubmissionSyntaxError(SubmissionError):
    """The file does not compile (the message names the line)."""


class SubmissionRaised(SubmissionError):
    """The learner's code raised; the message holds their traceback, harness frames trimmed."""

    def __init__(
        self,
        message: str,
        learner_output: str = "",
        *,
        exception_type: str = "",
        traceback: str = "",
    ) -> None:
        super().__init__(message, learner_output)
        self.exception_type = exception_type
        self.traceback = traceback


class SubmissionTimeout(SubmissionError):
    """A call, the import, or the whole submission exceeded its time limit."""

    status = "timeout"


class SubmissionMemoryError(SubmissionError):
    """The submission ran out of its memory limit."""


class SubmissionCrashed(SubmissionError):
    """The child process died (exit, signal, a corrupted channel)."""


class EntryMissing(SubmissionError):
    """The submission does not define the name the exercise asks for."""


class BadSignature(SubmissionError):
    """The entry exists but cannot be called the way the exercise calls it."""


class UnsafeResult(SubmissionError):
    """A value that is not plain data (tensors, numbers, strings, containers of them)."""


class ResultTooLarge(UnsafeResult):
    """The reply (or what it would make the parent build) is over the decoding budget."""


class ForbiddenCall(SubmissionError):
    """The submission called what the exercise asks the learner to implement (exercise.yaml `forbid`).

    Recorded in the child while the call ran, confirmed from the source by the parent.
    """

    status = "failed"


class InputError(Exception):
    """Bad input from the user: unknown exercise, unreadable or non-UTF-8 file, bad directory."""


class SandboxError(Exception):
    """The sandbox could not be started or stopped responding (not the submission's fault)."""

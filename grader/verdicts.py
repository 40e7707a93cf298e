"""The verdicts of a submission's session: a non-ok reply, a dead child, an oversized reply.

Every text is one of the grader's fixed sentences plus the learner's own (cleaned) text, never
the host's paths or the sandbox's own tracebacks. Split from `session` (which decides *when*
a verdict is due) so that each stays short.
"""

from __future__ import annotations

import signal

from dlprep.grader.caps import MIB
from dlprep.grader.errors import (
    BadSignature,
    EntryMissing,
    ResultTooLarge,
    SubmissionCrashed,
    SubmissionError,
    SubmissionMemoryError,
    SubmissionRaised,
    SubmissionSyntaxError,
    SubmissionTimeout,
    UnsafeResult,
)
from dlprep.grader.protocol import MAX_REPLY_BYTES, Reply, field_int, field_text
from dlprep.grader.sandbox_lib.dlprep_common.messages import (
    CHILD_HARNESS_FAILURE,
    CHILD_WIRE_FAILURE,
)
from dlprep.grader.sanitize import clean_text
from dlprep.grader.zygote import ExitStatus


def too_large(during: str, held_limit: int, total_limit: int, output: str) -> ResultTooLarge:
    """A reply over its own cap, or over what the submission's earlier replies leave of its budget."""
    return ResultTooLarge(
        f"{during}: the returned value is too large (one reply may hold at most "
        f"{MAX_REPLY_BYTES // MIB} MiB, the replies the tests hold at once {held_limit // MIB} "
        f"MiB, all replies of a grading {total_limit // MIB} MiB) / 返回值过大",
        output,
    )


def not_plain(during: str, output: str) -> UnsafeResult:
    return UnsafeResult(
        f"{during}: the returned value is not plain data (tensors, lists, numbers, "
        "strings) / 返回值不是普通数据",
        output,
    )


def reply_error(reply: Reply, during: str, memory_mib: int, source: str) -> SubmissionError:
    """The verdict for a non-ok reply from the child."""
    status = reply.get("status")
    output = field_text(reply, "stdout")
    if status == "syntax":
        return SubmissionSyntaxError(syntax_message(reply, source), output)
    if status == "raised":
        kind, message = field_text(reply, "type", 200), field_text(reply, "message", 2000)
        trace = field_text(reply, "traceback")
        headline = f"{during} raised {kind}" + (f": {message}" if message else "")
        return SubmissionRaised(
            f"{headline}\n{trace}".rstrip(), output, exception_type=kind, traceback=trace
        )
    if status == "memory":
        return SubmissionMemoryError(
            f"{during} ran out of memory (limit {memory_mib} MiB): "
            f"{field_text(reply, 'message', 2000)}",
            output,
        )
    if status == "unsafe":
        return UnsafeResult(field_text(reply, "message", 2000), output)
    if status == "missing":
        defined = reply.get("defined")
        names = (
            ", ".join(field_text({"n": name}, "n", 100) for name in defined[:50])
            if isinstance(defined, list)
            else ""
        )
        return EntryMissing(
            f"the submission does not define `{field_text(reply, 'entry', 200)}`"
            + (f" (it defines: {names})" if names else ""),
            output,
        )
    if status == "not_callable":
        return BadSignature(
            f"`{field_text(reply, 'entry', 200)}` is a {field_text(reply, 'type', 200)}, "
            "not a function",
            output,
        )
    return SubmissionCrashed(f"{during}: the sandboxed process sent an unexpected reply", output)


def death_error(status: ExitStatus | None, during: str, output: str) -> SubmissionError:
    if status is None:
        return SubmissionCrashed(f"{during}: the grading sandbox stopped", output)
    if status.signal == signal.SIGXCPU:
        return SubmissionTimeout(f"{during}: the submission used up its CPU-time limit", output)
    if status.signal is not None:
        hint = " (often: memory exhausted)" if status.signal == signal.SIGKILL else ""
        return SubmissionCrashed(f"{during}: the process was {status.describe()}{hint}", output)
    if status.exit_code in (CHILD_WIRE_FAILURE, CHILD_HARNESS_FAILURE):
        return SubmissionCrashed(
            f"{during}: the sandboxed process stopped ({status.describe()}): the sandbox could "
            "not go on running this submission (or the submission exited with that status)",
            output,
        )
    return SubmissionCrashed(
        f"{during}: the submission ended its own process ({status.describe()}); "
        "a submission must not call exit() or os._exit()",
        output,
    )


def syntax_message(reply: Reply, source: str) -> str:
    """The line number comes from the child; the quoted line from the parent's copy of the file."""
    lines = source.splitlines()
    line = field_int(reply, "line", 0, len(lines) + 1) or 0
    message = f"syntax error on line {line}: {field_text(reply, 'message', 500)}"
    if not 1 <= line <= len(lines):
        return message
    text = clean_text(lines[line - 1].rstrip(), 300)
    offset = field_int(reply, "offset", 0, len(text) + 1) or 0
    pointer = f"\n    {' ' * (offset - 1)}^" if offset > 0 else ""
    return f"{message}\n    {text}{pointer}"

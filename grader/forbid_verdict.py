"""The verdict for a forbidden call, decided by the parent from the submission's source.

The child's `forbidden` list is produced by learner-controlled code (a submission can empty it
or fill it), so it is only a hint: a static reference to a forbidden name is a ForbiddenCall
whether or not the child reported it, a name the source never refers to costs nothing whatever
the child says, and in an exercise with `forbid:` anything that defeats the static analysis
(computed names, dynamic imports; `dlprep.exercises.forbid_dynamic`) is refused outright. A
mention of the grader's own sandbox modules is refused in every exercise.
"""

from __future__ import annotations

import functools

from dlprep.exercises.forbid import verdict_message, verdict_uses
from dlprep.exercises.forbid_dynamic import (
    dynamic_message,
    dynamic_uses,
    grader_message,
    grader_module_uses,
)
from dlprep.grader.errors import ForbiddenCall
from dlprep.grader.protocol import Reply
from dlprep.grader.session import SubmissionSession


def check_forbidden(session: SubmissionSession, reply: Reply) -> None:
    """Raise ForbiddenCall when the source breaks the exercise's rules (checked on every reply,
    so every test that calls the submission loses its points, as for an open forbidden call)."""
    source = session.submission.source
    verdict = static_verdict(source, tuple(session.forbid))
    if verdict is not None:
        raise ForbiddenCall(verdict)
    ran = reply.get("forbidden")
    if not session.forbid or not isinstance(ran, list) or not ran:
        return
    uses = verdict_uses(source, session.forbid, [str(name) for name in ran[:100]])
    if uses:
        raise ForbiddenCall(verdict_message(uses))


@functools.lru_cache(maxsize=32)
def static_verdict(source: str, forbid: tuple[str, ...]) -> str | None:
    """The verdict the source earns by itself, or None (cached: asked on every reply)."""
    grader = grader_module_uses(source)
    if grader:
        return grader_message(grader)
    if not forbid:
        return None
    dynamic = dynamic_uses(source)
    if dynamic:
        return dynamic_message(dynamic)
    uses = verdict_uses(source, forbid, [])
    return verdict_message(uses) if uses else None

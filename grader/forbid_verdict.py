"""The verdict for a forbidden call: the child saw it run, the parent confirms it in the source."""

from __future__ import annotations

from dlprep.exercises.forbid import confirmed, verdict_message
from dlprep.grader.errors import ForbiddenCall
from dlprep.grader.protocol import Reply
from dlprep.grader.session import SubmissionSession


def check_forbidden(session: SubmissionSession, reply: Reply) -> None:
    """Raise ForbiddenCall when a forbidden name ran in the child and the source refers to it.

    The child's list is hostile data: only names of the exercise's own `forbid` list count,
    and only when the submission's source refers to them (see `dlprep.exercises.forbid`).
    """
    ran = reply.get("forbidden")
    if not session.forbid or not isinstance(ran, list) or not ran:
        return
    uses = confirmed(session.submission.source, session.forbid, [str(name) for name in ran[:100]])
    if uses:
        raise ForbiddenCall(verdict_message(uses))

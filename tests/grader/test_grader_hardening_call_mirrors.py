"""Review r9, class 6: a call's `args` and `grads` hold one entry per argument, or it is a verdict.

The proxy made a missing or short `args`/`grads` into lists of any length and batch_norm's tests
zipped over them with strict=False: a wrong batch_norm that emptied both scored 15/15. Now the
proxy refuses such a reply (`unsafe`) and the tests zip with strict=True.

Limit (documented in proxy._mirrors_of_args): `args` after a call are reported by the child, so
a submission that replaces the child's own reporting can still show its inputs unmodified.
"""

from __future__ import annotations

import pytest
import torch
from grader_toys import outputs, statuses

from dlprep.exercises.registry import get_exercise
from dlprep.grader.errors import UnsafeResult
from dlprep.grader.grading import Grader
from dlprep.grader.proxy import _mirrors_of_args
from dlprep.grader.submission import Submission

WRONG_BATCH_NORM = """
import torch


def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    if not torch.is_grad_enabled():
        X_hat = (X - moving_mean) / torch.sqrt(moving_var + eps)
        return gamma * X_hat + beta, moving_mean, moving_var
    assert len(X.shape) in (2, 4)
    dims = (0,) if X.dim() == 2 else (0, 2, 3)
    mean = X.mean(dim=dims, keepdim=True).detach()  # wrong: no gradient through the statistics
    var = ((X - mean) ** 2).mean(dim=dims, keepdim=True).detach()
    X_hat = (X - mean) / torch.sqrt(var + eps)
    with torch.no_grad():  # wrong: modifies the caller's tensors
        moving_mean.mul_(momentum).add_((1.0 - momentum) * mean.reshape(moving_mean.shape))
        moving_var.mul_(momentum).add_((1.0 - momentum) * var.reshape(moving_var.shape))
    return gamma * X_hat + beta, moving_mean.clone(), moving_var.clone()
"""
EMPTY_ARGS_AND_GRADS = """
import dlprep_child.calls as _calls
import dlprep_child.child as _child
_calls._gradients = lambda value, args: {grads}
_send = _child.send_message
def _send_without_args(channel, reply):
    if isinstance(reply, dict) and reply.get("status") == "ok":
        reply = {{**reply, "args": {args}}}
    _send(channel, reply)
_child.send_message = _send_without_args
"""


@pytest.mark.parametrize(
    ("grads", "args"),
    [("[]", "[]"), ("[None]", "reply['args'][:1]"), ("None", "None"), ("[1, 2, 3]", "[]")],
    ids=["empty", "short", "missing", "not-tensors"],
)
def test_a_wrong_batch_norm_cannot_hide_behind_short_replies(
    grader: Grader, grads: str, args: str
) -> None:
    source = WRONG_BATCH_NORM + EMPTY_ARGS_AND_GRADS.format(grads=grads, args=args)
    report = grader.grade(get_exercise("batch_norm"), Submission.from_text(source, "bn.py"))
    seen = statuses(report)
    gradient_tests = [name for name in seen if name.startswith("test_gradients_flow")]
    assert gradient_tests and all(seen[name] != "passed" for name in gradient_tests), seen
    assert seen["test_inputs_are_not_modified"] != "passed", seen
    assert "grader error" not in outputs(report)


def test_the_wrong_batch_norm_alone_fails_the_same_tests(grader: Grader) -> None:
    """The control: without the forged replies, the same tests fail on their own checks."""
    report = grader.grade(
        get_exercise("batch_norm"), Submission.from_text(WRONG_BATCH_NORM, "bn.py")
    )
    seen = statuses(report)
    assert seen["test_inputs_are_not_modified"] == "failed", seen


@pytest.mark.parametrize(
    ("reply", "backward"),
    [
        ({"args": [1]}, False),
        ({"args": [1, 2, 3]}, False),
        ({"args": "x"}, False),
        ({"args": [1, 2], "grads": [None]}, True),
        ({"args": [1, 2], "grads": None}, True),
        ({"args": [1, 2], "grads": [None, 3]}, True),
    ],
)
def test_replies_without_one_entry_per_argument_are_unsafe(
    reply: dict[str, object], backward: bool
) -> None:
    with pytest.raises(UnsafeResult):
        _mirrors_of_args(reply, 2, backward)


def test_replies_with_one_entry_per_argument_are_kept() -> None:
    grad = torch.ones(2)
    after, grads = _mirrors_of_args({"args": [1, 2], "grads": [None, grad]}, 2, True)
    assert after == [1, 2] and grads is not None and grads[1] is grad
    assert _mirrors_of_args({"args": [1, 2], "grads": [5]}, 2, False) == ([1, 2], None)

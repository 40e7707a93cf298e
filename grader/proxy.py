"""The `student` fixture: a proxy whose calls run the learner's code in the sandboxed child.

student.dropout_layer(X, 0.5)                          # the value
student.call("batch_norm", X, g, b, mm, mv, 1e-5, 0.9, no_grad=True)   # a CallOutcome
student.call("data_iter", 10, X, y, iterate=200)       # a generator's items, as a list
student.call("net", X, backward=True, read=["W", "b"])  # module-level W and b after the call
student.call("vgg_block", 2, 3, 8, forward=[X])         # the module's summary, and its output on X
net = student.new("MyLinear", 64, 8)                   # a Handle (dlprep.grader.handles)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import torch

from dlprep.grader.errors import UnsafeResult
from dlprep.grader.forbid_verdict import check_forbidden
from dlprep.grader.handles import Handle, new_instance
from dlprep.grader.protocol import Reply, field_float, field_text
from dlprep.grader.session import SubmissionSession


@dataclass(frozen=True)
class CallOutcome:
    """What a call produced: its value, the arguments after the call, gradients, output, time.

    With `iterate=N`: `value` is the list of the items the result yielded (at most N) and
    `iterator` says whether the result was an iterator (a generator) rather than a container.
    With `read=[names]`: `read[name]` is `{"value", "grad", "requires_grad", "is_leaf"}` of that
    module-level name of the submission after the call (grad etc. per tensor, mirroring lists),
    absent when the submission does not define it; its `.grad`s were cleared before the call.
    With `arg_state=True`: `arg_state[i]` is `{"grad", "requires_grad", "is_leaf"}` of the
    tensors in argument i after the call (mirroring lists; None for what is not a tensor).

    Everything in it was rebuilt by the parent from the data-only wire format: plain tensors
    (CPU, dense), lists, tuples, dicts, numbers and cleaned strings, nothing else.
    With `forward=[inputs]`: `forward` is the returned callable's output on the inputs (a
    returned nn.Module is always sent as its summary, see `dlprep_child.module_summary`).
    """

    value: object
    args: list[object]
    grads: list[torch.Tensor | None] | None
    stdout: str
    seconds: float
    iterator: bool | None = None
    read: dict[str, dict[str, object]] = field(default_factory=dict)
    arg_state: list[dict[str, object]] | None = None
    cpu_seconds: float = 0.0
    forward: object = None


NOT_ONE_PER_ARGUMENT = (
    "the sandbox's reply does not hold one entry per argument ({what}) / 沙箱的回复与参数个数不符"
)


class StudentProxy:
    """Calls into the child; every call's seed is offset by the grading's `seed_offset`."""

    def __init__(self, session: SubmissionSession, seed_offset: int = 0) -> None:
        self._session = session
        self._seed_offset = seed_offset

    def call(
        self,
        name: str,
        /,
        *args: object,
        seed: int = 0,
        no_grad: bool = False,
        backward: bool = False,
        iterate: int | None = None,
        read: Sequence[str] = (),
        arg_state: bool = False,
        forward: Sequence[object] | None = None,
        **kwargs: object,
    ) -> CallOutcome:
        reply = self._session.call(
            name,
            list(args),
            kwargs,
            seed=seed + self._seed_offset,
            no_grad=no_grad,
            backward=backward,
            iterate=iterate,
            read=read,
            arg_state=arg_state,
            forward=forward,
        )
        check_forbidden(self._session, reply)
        after, grads = _mirrors_of_args(reply, len(args), backward)
        return CallOutcome(
            value=reply.get("value"),
            args=after,
            grads=grads,
            stdout=field_text(reply, "stdout"),
            seconds=field_float(reply, "seconds"),
            cpu_seconds=field_float(reply, "cpu_seconds"),
            iterator=reply["iterator"] if isinstance(reply.get("iterator"), bool) else None,
            read=_read(reply.get("read")),
            arg_state=_states(reply.get("arg_state")),
            forward=reply.get("forward"),
        )

    def new(self, class_name: str, /, *args: object, seed: int = 0, **kwargs: object) -> Handle:
        """An instance of the learner's class (or "nn.Sequential", ...) in the child: a Handle."""
        return new_instance(self._session, class_name, list(args), kwargs, seed, self._seed_offset)

    def __getattr__(self, name: str) -> Callable[..., object]:
        if name.startswith("_"):
            raise AttributeError(name)

        def call_value(*args: object, **kwargs: Any) -> object:
            return self.call(name, *args, **kwargs).value

        call_value.__name__ = name
        return call_value


def _mirrors_of_args(
    reply: Reply | dict[str, object], sent: int, backward: bool
) -> tuple[list[object], list[torch.Tensor | None] | None]:
    """`args` (and with `backward`, `grads`) of a reply: exactly one per argument sent.

    A reply with fewer would make a test that zips them over the arguments pass without
    checking anything (review r9: a wrong batch_norm scored full marks). These come from the
    child, so a submission that forges its replies can still show unmodified arguments: tests
    that matter also check what the call returned (see docs/grader-api.md).
    """
    after, grads = reply.get("args"), reply.get("grads")
    if not isinstance(after, list) or len(after) != sent:
        raise UnsafeResult(NOT_ONE_PER_ARGUMENT.format(what="arguments after the call"), "")
    if not backward:
        return list(after), None
    if not isinstance(grads, list) or len(grads) != sent:
        raise UnsafeResult(NOT_ONE_PER_ARGUMENT.format(what="gradients"), "")
    if not all(grad is None or type(grad) is torch.Tensor for grad in grads):
        raise UnsafeResult(NOT_ONE_PER_ARGUMENT.format(what="gradients"), "")
    return list(after), list(grads)


def _read(value: object) -> dict[str, dict[str, object]]:
    if not isinstance(value, dict):
        return {}
    return {str(key): item for key, item in value.items() if isinstance(item, dict)}


def _states(value: object) -> list[dict[str, object]] | None:
    if not isinstance(value, list):
        return None
    return [item if isinstance(item, dict) else {} for item in value]

"""The `student` fixture: a proxy whose calls run the learner's code in the sandboxed child.

student.dropout_layer(X, 0.5)                          # the value
student.call("batch_norm", X, g, b, mm, mv, 1e-5, 0.9, no_grad=True)   # a CallOutcome
net = student.new("MyLinear", 64, 8)                   # a Handle (dlprep.grader.handles)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch

from dlprep.grader.forbid_verdict import check_forbidden
from dlprep.grader.handles import Handle, new_instance
from dlprep.grader.session import SubmissionSession


@dataclass(frozen=True)
class CallOutcome:
    """What a call produced: its value, the arguments after the call, gradients, output, time."""

    value: object
    args: list[object]
    grads: list[torch.Tensor | None] | None
    stdout: str
    seconds: float


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
        **kwargs: object,
    ) -> CallOutcome:
        reply = self._session.call(
            name,
            list(args),
            kwargs,
            seed=seed + self._seed_offset,
            no_grad=no_grad,
            backward=backward,
        )
        check_forbidden(self._session, reply)
        grads = reply.get("grads")
        seconds = reply.get("seconds")
        return CallOutcome(
            value=reply.get("value"),
            args=list(reply.get("args") or []),  # type: ignore[call-overload]
            grads=list(grads) if isinstance(grads, list) else None,
            stdout=reply.get("stdout") if isinstance(reply.get("stdout"), str) else "",  # type: ignore[arg-type]
            seconds=float(seconds) if isinstance(seconds, (int, float)) else 0.0,
        )

    def new(self, class_name: str, /, *args: object, seed: int = 0, **kwargs: object) -> Handle:
        """An instance of the learner's class (or "nn.Sequential", ...) in the child: a Handle."""
        return new_instance(self._session, class_name, list(args), kwargs, seed, self._seed_offset)

    def __getattr__(self, name: str) -> Callable[..., object]:
        if name.startswith("_"):
            raise AttributeError(name)

        def call_value(*args: object, **kwargs: object) -> object:
            return self.call(name, *args, **kwargs).value

        call_value.__name__ = name
        return call_value

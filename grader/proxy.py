"""The `student` fixture: a proxy whose calls run the learner's code in the sandboxed child.

student.dropout_layer(X, 0.5)                          # the value
student.call("batch_norm", X, g, b, mm, mv, 1e-5, 0.9, no_grad=True)   # a CallOutcome
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch

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
    """The submission as the hidden tests see it: `student.entry(args)` calls it in the sandbox.

    Tests never hold the learner's objects: every call crosses the wire as plain data, and what
    comes back is only data (values, arguments after the call, gradients, bounded stdout).
    """

    def __init__(self, session: SubmissionSession) -> None:
        self._session = session

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
            name, list(args), kwargs, seed=seed, no_grad=no_grad, backward=backward
        )
        grads, seconds = reply.get("grads"), reply.get("seconds")
        args_after, stdout = reply.get("args"), reply.get("stdout")
        return CallOutcome(
            value=reply.get("value"),
            args=list(args_after) if isinstance(args_after, list) else [],
            grads=list(grads) if isinstance(grads, list) else None,
            stdout=stdout if isinstance(stdout, str) else "",
            seconds=float(seconds) if isinstance(seconds, (int, float)) else 0.0,
        )

    def __getattr__(self, name: str) -> Callable[..., object]:
        if name.startswith("_"):
            raise AttributeError(name)

        def call_value(
            *args: object,
            seed: int = 0,
            no_grad: bool = False,
            backward: bool = False,
            **kwargs: object,
        ) -> object:
            return self.call(
                name, *args, seed=seed, no_grad=no_grad, backward=backward, **kwargs
            ).value

        call_value.__name__ = name
        return call_value

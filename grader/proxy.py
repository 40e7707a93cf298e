"""The `student` fixture: a proxy whose calls run the learner's code in the sandboxed child.

student.dropout_layer(X, 0.5)                          # the value
student.call("batch_norm", X, g, b, mm, mv, 1e-5, 0.9, no_grad=True)   # a CallOutcome
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch

from dlprep.grader.protocol import field_float, field_text
from dlprep.grader.session import SubmissionSession


@dataclass(frozen=True)
class CallOutcome:
    """What a call produced: its value, the arguments after the call, gradients, output, time.

    Everything in it was rebuilt by the parent from the data-only wire format: plain tensors
    (CPU, dense), lists, tuples, dicts, numbers and cleaned strings, nothing else."""

    value: object
    args: list[object]
    grads: list[torch.Tensor | None] | None
    stdout: str
    seconds: float
    cpu_seconds: float = 0.0


class StudentProxy:
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
        grads, after = reply.get("grads"), reply.get("args")
        return CallOutcome(
            value=reply.get("value"),
            args=list(after) if isinstance(after, list) else [],
            grads=list(grads) if isinstance(grads, list) else None,  # type: ignore[arg-type]
            stdout=field_text(reply, "stdout"),
            seconds=field_float(reply, "seconds"),
            cpu_seconds=field_float(reply, "cpu_seconds"),
        )

    def __getattr__(self, name: str) -> Callable[..., object]:
        if name.startswith("_"):
            raise AttributeError(name)

        def call_value(*args: object, **kwargs: object) -> object:
            return self.call(name, *args, **kwargs).value

        call_value.__name__ = name
        return call_value

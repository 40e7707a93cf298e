"""Class exercises, parent side: handles to instances that live in the sandboxed child.

    net = student.new("MyLinear", 64, 8)          # constructs MyLinear(64, 8) in the child
    net(X)                                        # forward: the value, as plain data
    net.call("forward", X, backward=True)         # HandleOutcome: value, grads, param_grads
    net.attr("weight.shape")                      # torch.Size([64, 8])
    net.state_dict(); net.named_parameters(); net.grads()
    seq = student.new("nn.Sequential", student.new("MyLinear", 64, 8), student.new("MyLinear", 8, 1))
    net.fit(X, y, lr=0.1, steps=5)                # SGD + cross-entropy in the child: the losses

A handle is the child's instance number, a random token, its session and the pid of the child
that made it. Using it with another session, or after that child ended (a timeout or crash
starts a new one, without the instances), raises `HandleExpired` before anything is sent.
Values cross as plain data only (`ensure_plain` on the parent side, as for calls).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import torch

from dlprep.grader.errors import SubmissionError
from dlprep.grader.forbid_verdict import check_forbidden
from dlprep.grader.protocol import Reply, to_wire
from dlprep.grader.session import SubmissionSession

HANDLE_KEY = "__dlprep_handle__"  # == dlprep_child.instances.HANDLE_KEY (a test checks it)
EXPIRED = "this handle belongs to another submission or an ended process"


class HandleExpired(SubmissionError):
    """A handle used with another submission's session, or after its child process ended."""


@dataclass(frozen=True)
class ParameterInfo:
    """One entry of `named_parameters()`, as the child reports it."""

    name: str
    shape: tuple[int, ...]
    dtype: str
    requires_grad: bool
    is_parameter: bool


@dataclass(frozen=True)
class HandleOutcome:
    value: object
    args: list[object]
    grads: list[torch.Tensor | None] | None
    param_grads: dict[str, torch.Tensor | None] | None
    returned_self: bool
    seconds: float


class Handle:
    """An instance in the child; see the module docstring."""

    def __init__(
        self,
        session: SubmissionSession,
        pid: int,
        handle_id: int,
        token: str,
        type_name: str,
        seed_offset: int = 0,
    ) -> None:
        self._session = session
        self._pid = pid
        self.id = handle_id
        self._token = token
        self.type_name = type_name
        self._seed_offset = seed_offset

    def __repr__(self) -> str:
        return f"<handle {self.id}: {self.type_name} in the sandbox>"

    def call(
        self,
        method: str,
        /,
        *args: object,
        seed: int = 0,
        no_grad: bool = False,
        backward: bool = False,
        **kwargs: object,
    ) -> HandleOutcome:
        reply = self._send(
            "call",
            f"{self.type_name}.{method}",
            method=method,
            args=list(args),
            kwargs=kwargs,
            seed=seed + self._seed_offset,
            no_grad=no_grad,
            backward=backward,
        )
        grads, param_grads = reply.get("grads"), reply.get("param_grads")
        seconds = reply.get("seconds")
        return HandleOutcome(
            value=self._wrap(reply.get("value")),
            args=list(reply.get("args") or []),
            grads=list(grads) if isinstance(grads, list) else None,  # type: ignore[arg-type]  # tensors or None, as decoded
            param_grads=dict(param_grads) if isinstance(param_grads, dict) else None,
            returned_self=reply.get("returned_self") is True,
            seconds=float(seconds) if isinstance(seconds, (int, float)) else 0.0,
        )

    def __call__(self, *args: object, **kwargs: object) -> object:
        return self.call("__call__", *args, **kwargs).value  # type: ignore[arg-type]

    def attr(self, path: str) -> object:
        """The value at a dotted attribute path ("weight.shape", "data"); a module is a handle."""
        return self._wrap(self._send("attr", f"{self.type_name}.{path}", path=path).get("value"))

    def state_dict(self) -> dict[str, torch.Tensor]:
        value = self._send("state_dict", f"{self.type_name}.state_dict").get("value")
        return dict(value) if isinstance(value, dict) else {}

    def named_parameters(self) -> list[ParameterInfo]:
        value = self._send("parameters", f"{self.type_name}.named_parameters").get("value")
        return [_parameter(item) for item in value] if isinstance(value, list) else []

    def grads(self) -> dict[str, torch.Tensor | None]:
        """Each parameter's `.grad` now (None where there is none)."""
        value = self._send("grads", f"{self.type_name}.grads").get("value")
        return dict(value) if isinstance(value, dict) else {}

    def backward(self, *args: object, seed: int = 0) -> dict[str, torch.Tensor | None]:
        """Forward `args`, then `.sum().backward()`: each parameter's gradient."""
        return self.call("__call__", *args, seed=seed, backward=True).param_grads or {}

    def fit(
        self, features: torch.Tensor, labels: torch.Tensor, lr: float = 0.1, steps: int = 5
    ) -> list[float]:
        """`steps` SGD steps with cross-entropy in the child; the loss before each step."""
        reply = self._send(
            "fit", f"{self.type_name}.fit", args=[features, labels], lr=lr, steps=steps
        )
        value = reply.get("value")
        return [float(loss) for loss in value] if isinstance(value, list) else []

    def to_wire(self, session: SubmissionSession) -> dict[str, object]:
        """The marker that stands for this instance in another request of the same child."""
        self._check(session)
        return {HANDLE_KEY: self.id, "token": self._token}

    def _send(self, action: str, name: str, **fields: object) -> Reply:
        self._check(self._session)
        request: dict[str, object] = {
            "op": "handle",
            "action": action,
            "handle": self.id,
            "token": self._token,
            **fields,
        }
        for key in ("args", "kwargs"):
            if key in request:
                request[key] = to_wire(handles_to_wire(request[key], self._session))
        reply = self._session.request(request, name)
        check_forbidden(self._session, reply)
        return reply

    def _check(self, session: SubmissionSession) -> None:
        if session is not self._session or session.child_pid != self._pid:
            raise HandleExpired(EXPIRED)

    def _wrap(self, value: object) -> object:
        """A handle marker in a reply (a module the method returned) becomes a Handle."""
        if isinstance(value, dict) and isinstance(value.get(HANDLE_KEY), int):
            return Handle(
                self._session,
                self._pid,
                int(value[HANDLE_KEY]),
                self._token,
                str(value.get("type", "object")),
                self._seed_offset,
            )
        return value


def new_instance(
    session: SubmissionSession,
    class_name: str,
    args: list[object],
    kwargs: dict[str, object],
    seed: int,
    seed_offset: int,
) -> Handle:
    """Construct `class_name(*args, **kwargs)` in the child (a learner's class, or "nn.X")."""
    pid = session.ensure_child()
    token = secrets.token_hex(16)
    request: dict[str, object] = {
        "op": "handle",
        "action": "new",
        "name": class_name,
        "token": token,
        "args": to_wire(handles_to_wire(list(args), session)),
        "kwargs": to_wire(handles_to_wire(dict(kwargs), session)),
        "seed": seed + seed_offset,
    }
    reply = session.request(request, class_name)
    if session.child_pid != pid:  # the child died while constructing: nothing to refer to
        raise HandleExpired(EXPIRED)
    check_forbidden(session, reply)
    handle_id = reply.get("handle")
    if not isinstance(handle_id, int):
        raise SubmissionError(f"constructing {class_name}: the sandbox sent no handle")
    return Handle(session, pid, handle_id, token, str(reply.get("type", class_name)), seed_offset)


def handles_to_wire(value: object, session: SubmissionSession) -> object:
    """Every Handle inside `value` replaced by its marker (checked against `session`)."""
    if isinstance(value, Handle):
        return value.to_wire(session)
    if isinstance(value, list):
        return [handles_to_wire(item, session) for item in value]
    if isinstance(value, tuple):
        return tuple(handles_to_wire(item, session) for item in value)
    if isinstance(value, dict):
        return {key: handles_to_wire(item, session) for key, item in value.items()}
    return value


def _parameter(item: object) -> ParameterInfo:
    if not isinstance(item, dict):
        raise SubmissionError("the sandbox sent a malformed parameter list")
    shape = item.get("shape")
    return ParameterInfo(
        name=str(item.get("name")),
        shape=tuple(int(dim) for dim in shape) if isinstance(shape, list) else (),
        dtype=str(item.get("dtype")),
        requires_grad=item.get("requires_grad") is True,
        is_parameter=item.get("is_parameter") is True,
    )

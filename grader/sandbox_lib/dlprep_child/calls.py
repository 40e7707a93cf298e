"""Serve the parent's calls: seed, call the learner's function, reduce the result to plain data.

A request is a `CallRequest`; the reply a `Reply` (`dlprep_common.messages`) with a status in
CALL_STATUSES and, when ok, `value`, `args` (after the call), `grads`, `seconds`, `cpu_seconds`.
The optional `iterate`, `read`, `arg_state` and `forward` of `call_options` add `iterator`,
`read`, `arg_state` and `forward` to an ok reply. Every reply carries the output the call printed (`stdout`,
fd-level, capped), and `forbidden` (the exercise's forbidden names that ran during the call,
see `forbid`). Each call may use `call_cpu_seconds` of CPU time (RLIMIT_CPU's soft limit,
moved per call).
"""

from __future__ import annotations

import contextlib
import math
import os
import random
import resource
import sys
import time
import types
from collections.abc import Iterator
from typing import cast

import torch
from dlprep_common.messages import Reply

from . import forbid
from .build import UnknownBuild
from .call_options import clear_grads, drain, read_names, tensor_state
from .loader import describe_exception
from .values import NotPlain, arg_after_call, first_tensor, materialise_args, to_plain

MAX_OUTPUT_BYTES = 64 * 1024


class OutputTap:
    """Reads what the process wrote to fds 1 and 2 (both point at one file) since the last read."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.offset = 0

    def read_new(self) -> str:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        try:
            with open(self.path, "rb") as output:
                output.seek(self.offset)
                data = output.read(MAX_OUTPUT_BYTES + 1)
                self.offset = output.seek(0, os.SEEK_END)
        except OSError:
            return ""
        text = data[:MAX_OUTPUT_BYTES].decode("utf-8", errors="replace")
        return text + ("\n[output truncated]" if len(data) > MAX_OUTPUT_BYTES else "")


def run_call(
    module: types.ModuleType, request: dict[str, object], call_cpu_seconds: float | None = None
) -> Reply:
    name = str(request["name"])
    if not hasattr(module, name):
        return {"status": "missing", "entry": name}
    try:
        args = list(materialise_args(request.get("args") or []))
        kwargs = dict(materialise_args(request.get("kwargs") or {}))
        forward_args = list(materialise_args(request.get("forward") or []))
    except (UnknownBuild, TypeError, ValueError, OSError, RuntimeError) as error:
        return {"status": "build_error", "message": f"{type(error).__name__}: {error}"}
    names = [str(item) for item in request.get("read") or []]  # type: ignore[attr-defined]
    cpu_before = _cpu_seconds()
    try:
        clear_grads(module, names)
        with cpu_allowance(call_cpu_seconds):
            value, seconds, grads, iterator, output = _invoke(
                getattr(module, name), args, kwargs, request, forward_args
            )
    except BaseException as error:  # the learner may raise anything, even SystemExit
        return describe_exception(error)  # type: ignore[return-value]
    try:
        reply: Reply = {
            "status": "ok",
            "value": to_plain(value),
            "args": [arg_after_call(arg) for arg in args],
            "grads": cast("list[object] | None", to_plain(grads)),
            "seconds": seconds,
            "cpu_seconds": _cpu_seconds() - cpu_before,
            "forbidden": forbid.take(),
        }
        if request.get("iterate") is not None:
            reply["iterator"] = iterator
        if names:
            reply["read"] = read_names(module, names)
        if request.get("arg_state"):
            reply["arg_state"] = [tensor_state(arg) for arg in args]
        if request.get("forward") is not None:
            reply["forward"] = to_plain(output)
        return reply
    except NotPlain as error:
        return {"status": "unsafe", "message": f"{name} returned {error}"}


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@contextlib.contextmanager
def cpu_allowance(seconds: float | None) -> Iterator[None]:
    """Lower RLIMIT_CPU's soft limit to what this call may use (SIGXCPU ends the child past it).

    The hard limit (the whole submission's CPU time) stays; CPU time, unlike the wall clock,
    does not grow when the machine is busy.
    """
    if seconds is None:  # no per-call allowance (unit tests of this module)
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    allowance = math.ceil(_cpu_seconds() + seconds)
    if hard != resource.RLIM_INFINITY:
        allowance = min(allowance, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (allowance, hard))
    try:
        yield
    finally:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))


def _invoke(
    function: object,
    args: list[object],
    kwargs: dict[str, object],
    request: dict[str, object],
    forward_args: list[object],
) -> tuple[object, float, list[torch.Tensor | None] | None, bool, object]:
    seed = int(cast(int, request.get("seed") or 0))
    limit = request.get("iterate")
    iterator = False
    torch.manual_seed(seed)
    random.seed(seed)
    grad_mode = torch.no_grad() if request.get("no_grad") else contextlib.nullcontext()
    start = time.perf_counter()
    with grad_mode, forbid.recording():
        value = function(*args, **kwargs)  # type: ignore[operator]
        if limit is not None:
            value, iterator = drain(value, int(limit))  # type: ignore[call-overload]
        output = value(*forward_args) if request.get("forward") is not None else None
    seconds = time.perf_counter() - start
    grads = _gradients(value, args) if request.get("backward") else None
    return value, seconds, grads, iterator, output


def _gradients(value: object, args: list[object]) -> list[torch.Tensor | None]:
    target = first_tensor(value)
    if target is None:
        raise TypeError("backward=True needs a tensor result (or a tuple starting with one)")
    target.sum().backward()
    return [
        arg.grad.detach().clone()
        if isinstance(arg, torch.Tensor) and arg.grad is not None
        else None
        for arg in args
    ]

"""Serve the parent's calls: seed, call the learner's function, reduce the result to plain data.

A request is `{"op": "call", "name", "args", "kwargs", "seed", "no_grad", "backward"}`; the
reply has a `status` (ok | raised | memory | unsafe | missing | build_error) and, when ok,
`value`, `args` (after the call), `grads`, `seconds`, `forbidden` (the exercise's forbidden
names that ran during the call, see `forbid`). Every reply carries the output the call
printed (`stdout`, fd-level, capped).
"""

from __future__ import annotations

import contextlib
import os
import random
import sys
import time
import types

import torch

from . import forbid
from .build import UnknownBuild
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


def run_call(module: types.ModuleType, request: dict[str, object]) -> dict[str, object]:
    name = str(request["name"])
    if not hasattr(module, name):
        return {"status": "missing", "entry": name}
    try:
        args = list(materialise_args(request.get("args") or []))
        kwargs = dict(materialise_args(request.get("kwargs") or {}))
    except (UnknownBuild, TypeError, ValueError, OSError, RuntimeError) as error:
        return {"status": "build_error", "message": f"{type(error).__name__}: {error}"}
    try:
        value, seconds, grads = _invoke(getattr(module, name), args, kwargs, request)
    except BaseException as error:  # the learner may raise anything, even SystemExit
        return describe_exception(error)
    try:
        return {
            "status": "ok",
            "value": to_plain(value),
            "args": [arg_after_call(arg) for arg in args],
            "grads": to_plain(grads),
            "seconds": seconds,
            "forbidden": forbid.take(),
        }
    except NotPlain as error:
        return {"status": "unsafe", "message": f"{name} returned {error}"}


def _invoke(
    function: object, args: list[object], kwargs: dict[str, object], request: dict[str, object]
) -> tuple[object, float, list[torch.Tensor | None] | None]:
    seed = int(request.get("seed") or 0)
    torch.manual_seed(seed)
    random.seed(seed)
    grad_mode = torch.no_grad() if request.get("no_grad") else contextlib.nullcontext()
    start = time.perf_counter()
    with grad_mode, forbid.recording():
        value = function(*args, **kwargs)  # type: ignore[operator]
    seconds = time.perf_counter() - start
    grads = _gradients(value, args) if request.get("backward") else None
    return value, seconds, grads


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

"""Class exercises, child side: instances live here; the parent holds only handles to them.

A request `{"op": "handle", "action", ...}` (see `dlprep.grader.handles`) creates an instance
of the learner's class (or of a `torch.nn` class, to compose: `nn.Sequential` of learner
layers), calls a method on one, reads an attribute path, its state_dict, its parameters'
names/shapes/requires_grad, their `.grad`s, or trains it a few SGD steps. Arguments may hold
handle markers `{"__dlprep_handle__": id, "token": t}`, replaced by the instance. Every
reply is plain data; an instance never leaves this process. The token is checked here too,
but the parent's own check (session and child pid) is what protects the grade.
"""

from __future__ import annotations

import contextlib
import random
import time
import types
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import torch
from torch import nn

from . import forbid
from .build import UnknownBuild
from .loader import describe_exception
from .values import NotPlain, arg_after_call, first_tensor, materialise_args, to_plain

HANDLE_KEY = "__dlprep_handle__"
TORCH_PREFIX = "nn."
MAX_INSTANCES = 1000

_instances: dict[int, tuple[object, str]] = {}


class BadHandle(LookupError):
    """A handle id or token that this child did not hand out."""


def run_handle(module: types.ModuleType, request: dict[str, Any]) -> dict[str, object]:
    action = str(request.get("action"))
    handler = ACTIONS.get(action)
    if handler is None:
        return {"status": "build_error", "message": f"unknown handle action {action!r}"}
    try:
        args = list(_substitute(materialise_args(request.get("args") or [])))  # type: ignore[call-overload]
        kwargs = dict(_substitute(materialise_args(request.get("kwargs") or {})))  # type: ignore[call-overload]
        target = None if action == "new" else _lookup(request)
    except (UnknownBuild, BadHandle, TypeError, ValueError, OSError, RuntimeError) as error:
        return {"status": "build_error", "message": f"{type(error).__name__}: {error}"}
    if action == "new" and not _creatable(module, str(request.get("name"))):
        return {"status": "missing", "entry": str(request.get("name"))}
    try:
        reply = handler(module, target, request, args, kwargs)
    except NotPlain as error:  # a result that cannot cross: the same verdict as for calls
        return {"status": "unsafe", "message": f"{request.get('method', action)} returned {error}"}
    except BaseException as error:  # the learner's code may raise anything
        return describe_exception(error)
    try:
        reply["forbidden"] = forbid.take()
        return {key: to_plain(value) for key, value in reply.items()}
    except NotPlain as error:
        return {"status": "unsafe", "message": f"{request.get('name', action)} returned {error}"}


def _new(
    module: types.ModuleType,
    _: object,
    request: dict[str, Any],
    args: list[Any],
    kwargs: dict[str, Any],
) -> dict[str, object]:
    name = str(request["name"])
    cls = (
        getattr(nn, name[len(TORCH_PREFIX) :])
        if name.startswith(TORCH_PREFIX)
        else getattr(module, name)
    )
    with _seeded(request), forbid.recording():
        start = time.perf_counter()
        instance = cls(*args, **kwargs)
        seconds = time.perf_counter() - start
    if len(_instances) >= MAX_INSTANCES:
        raise RuntimeError(f"more than {MAX_INSTANCES} instances in one submission")
    handle_id = len(_instances) + 1
    _instances[handle_id] = (instance, str(request.get("token")))
    return {
        "status": "ok",
        "handle": handle_id,
        "type": type(instance).__name__,
        "seconds": seconds,
    }


def _call(
    _: types.ModuleType,
    target: object,
    request: dict[str, Any],
    args: list[Any],
    kwargs: dict[str, Any],
) -> dict[str, object]:
    method = str(request.get("method") or "__call__")
    function = target if method == "__call__" else getattr(target, method)
    if isinstance(target, nn.Module) and request.get("backward"):
        target.zero_grad(set_to_none=True)
    grad_mode = torch.no_grad() if request.get("no_grad") else contextlib.nullcontext()
    with _seeded(request), grad_mode, forbid.recording():
        start = time.perf_counter()
        value = function(*args, **kwargs)  # type: ignore[operator]
        seconds = time.perf_counter() - start
    reply: dict[str, object] = {
        "status": "ok",
        "seconds": seconds,
        "returned_self": value is target,
    }
    if request.get("backward"):
        tensor = first_tensor(value)
        if tensor is None:
            raise TypeError("backward=True needs a tensor result (or a tuple starting with one)")
        if tensor.requires_grad:  # else no gradient reaches anything: the test says which
            tensor.sum().backward()
        reply["grads"] = [_grad(arg) for arg in args]
        reply["param_grads"] = _param_grads(target)
    reply["value"] = None if value is target else _plain_or_handle(value, request)
    reply["args"] = [arg_after_call(arg) for arg in args]
    return reply


def _attr(
    _: types.ModuleType, target: object, request: dict[str, Any], *__: Any
) -> dict[str, object]:
    value: object = target
    for part in str(request.get("path", "")).split("."):
        if part.startswith("_") and part not in ("__class__",):
            raise AttributeError(f"private attribute {part!r} cannot be read")
        value = getattr(value, part)
    if isinstance(value, type):
        value = value.__name__
    return {"status": "ok", "value": _plain_or_handle(value, request)}


def _state_dict(_: types.ModuleType, target: object, *__: Any) -> dict[str, object]:
    return {"status": "ok", "value": OrderedDict(_module(target).state_dict())}


def _parameters(_: types.ModuleType, target: object, *__: Any) -> dict[str, object]:
    return {
        "status": "ok",
        "value": [
            {
                "name": name,
                "shape": list(parameter.shape),
                "dtype": str(parameter.dtype).removeprefix("torch."),
                "requires_grad": bool(parameter.requires_grad),
                "is_parameter": type(parameter) is nn.Parameter,
            }
            for name, parameter in _module(target).named_parameters()
        ],
        "modules": [
            [name, type(child).__name__] for name, child in _module(target).named_modules()
        ][:200],
    }


def _grads(_: types.ModuleType, target: object, *__: Any) -> dict[str, object]:
    return {"status": "ok", "value": _param_grads(target)}


def _fit(
    _: types.ModuleType, target: object, request: dict[str, Any], args: list[Any], __: Any
) -> dict[str, object]:
    """A few SGD steps with cross-entropy on (X, y): the grader's loop, the learner's module."""
    net = _module(target)
    features, labels = args
    optimizer = torch.optim.SGD(net.parameters(), lr=float(request.get("lr", 0.1)))
    losses = []
    with _seeded(request), forbid.recording():
        for _step in range(min(int(request.get("steps", 1)), 200)):
            optimizer.zero_grad()
            loss = nn.functional.cross_entropy(net(features), labels)
            loss.backward()
            optimizer.step()
            losses.append(float(loss.detach()))
    forbid.take()  # the grader's own loss function is not the learner's call
    return {"status": "ok", "value": losses}


def _plain_or_handle(value: object, request: dict[str, Any]) -> object:
    """Plain data as is; a module or a learner's object becomes a new handle (same token).

    A module is checked first: `to_plain` would describe it as a summary (what a function
    exercise's returned module becomes), but a class exercise's test wants to keep using it.
    """
    if not isinstance(value, nn.Module):
        try:
            return to_plain(value)
        except NotPlain:
            if type(value).__module__ != "submission":
                raise
    handle_id = len(_instances) + 1
    _instances[handle_id] = (value, str(request.get("token")))
    return {HANDLE_KEY: handle_id, "type": type(value).__name__}


def _lookup(request: dict[str, Any]) -> object:
    entry = _instances.get(int(request.get("handle") or 0))
    if entry is None or entry[1] != str(request.get("token")):
        raise BadHandle("this handle was not made by this process")
    return entry[0]


def _substitute(value: object) -> object:
    if isinstance(value, dict):
        if HANDLE_KEY in value:
            return _lookup({"handle": value[HANDLE_KEY], "token": value.get("token")})
        return {key: _substitute(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_substitute(item) for item in value)
    return value


def _creatable(module: types.ModuleType, name: str) -> bool:
    if name.startswith(TORCH_PREFIX):
        return isinstance(getattr(nn, name[len(TORCH_PREFIX) :], None), type)
    return isinstance(getattr(module, name, None), type)


def _module(target: object) -> nn.Module:
    if not isinstance(target, nn.Module):
        raise TypeError(f"a {type(target).__name__} is not an nn.Module")
    return target


def _grad(value: object) -> torch.Tensor | None:
    if isinstance(value, torch.Tensor) and value.grad is not None:
        return value.grad.detach().clone()
    return None


def _param_grads(target: object) -> dict[str, torch.Tensor | None]:
    if not isinstance(target, nn.Module):
        return {}
    return {
        name: None if parameter.grad is None else parameter.grad.detach().clone()
        for name, parameter in target.named_parameters()
    }


@contextlib.contextmanager
def _seeded(request: dict[str, Any]) -> Any:
    seed = int(request.get("seed") or 0)
    torch.manual_seed(seed)
    random.seed(seed)
    yield


Action = Callable[..., dict[str, object]]
ACTIONS: dict[str, Action] = {
    "new": _new,
    "call": _call,
    "attr": _attr,
    "state_dict": _state_dict,
    "parameters": _parameters,
    "grads": _grads,
    "fit": _fit,
}

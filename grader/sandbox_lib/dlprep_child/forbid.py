"""Record which forbidden torch functions and modules ran while the learner's code was called.

The parent sends the exercise's `forbid` list (dotted names) when the child is spawned;
`install` resolves each to its object. Functions are seen by a `TorchFunctionMode` that is
active only around the learner's call (`recording()`); `nn.Module` classes get their
`__init__` and `forward` wrapped. The names that ran go back in the call's reply as
`forbidden`; the parent confirms them against the source before any verdict.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
from collections.abc import Callable, Iterator
from typing import Any

from torch import nn
from torch.overrides import TorchFunctionMode

_functions: dict[int, str] = {}
_ran: list[str] = []
_state = {"recording": False}


class _Recorder(TorchFunctionMode):
    def __torch_function__(
        self,
        func: Callable[..., Any],
        types: Any,
        args: tuple[Any, ...] = (),
        kwargs: dict[str, Any] | None = None,
    ) -> Any:
        name = _functions.get(id(func))
        if name is not None:
            _note(name)
        return func(*args, **(kwargs or {}))


def install(names: list[str]) -> list[str]:
    """Resolve and watch `names`; returns those that do not resolve (a problem of the exercise)."""
    unresolved = []
    for name in names:
        target = _resolve(name)
        if target is None:
            unresolved.append(name)
        elif isinstance(target, type) and issubclass(target, nn.Module):
            _wrap_module_class(target, name)
        else:
            _functions[id(target)] = name
    return unresolved


@contextlib.contextmanager
def recording() -> Iterator[None]:
    """Record forbidden calls made inside the block (nothing is recorded outside it)."""
    if not _functions and not _wrapped:
        yield
        return
    _state["recording"] = True
    try:
        with _Recorder():
            yield
    finally:
        _state["recording"] = False


def take() -> list[str]:
    """The forbidden names that ran since the last call, each once, and forget them."""
    names = list(dict.fromkeys(_ran))
    _ran.clear()
    return names


_wrapped: set[type] = set()


def _wrap_module_class(cls: type[nn.Module], name: str) -> None:
    if cls in _wrapped:
        return
    _wrapped.add(cls)
    for method in ("__init__", "forward"):  # inherited ones too (BatchNorm2d's live in _BatchNorm)
        setattr(cls, method, _noting(getattr(cls, method), name))


def _noting(function: Callable[..., Any], name: str) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if _state["recording"]:
            _note(name)
        return function(*args, **kwargs)

    return wrapper


def _note(name: str) -> None:
    if _state["recording"] and len(_ran) < 1000:
        _ran.append(name)


def _resolve(name: str) -> object | None:
    parts = name.split(".")
    for split in range(len(parts), 0, -1):
        try:
            target: object = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        try:
            for part in parts[split:]:
                target = getattr(target, part)
        except AttributeError:
            return None
        return target
    return None


__all__ = ["install", "recording", "take"]

"""Values crossing the sandbox boundary, child side: materialise `Build` specs, reduce results to plain data.

The parent re-checks everything it receives; the checks here only give the learner a clear
message ("returned AlwaysEqual") instead of an undecodable frame.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import torch
from dlprep_common.messages import BUILD_KEY
from torch import nn

from .build import materialise
from .module_summary import TooManyModules, summarise_module

SCALAR_TYPES = (bool, int, float, complex, str, bytes, type(None), torch.dtype, torch.device)


class NotPlain(TypeError):
    """A value that cannot cross the boundary (the message names its type)."""


def materialise_args(value: object) -> Any:
    """Replace every Build marker (see `dlprep.grader.protocol.Build`) with the built object."""
    if isinstance(value, dict):
        if BUILD_KEY in value:
            return materialise(str(value[BUILD_KEY]), dict(value.get("params") or {}))
        return {key: materialise_args(item) for key, item in value.items()}
    if isinstance(value, list):
        return [materialise_args(item) for item in value]
    if isinstance(value, tuple):
        return tuple(materialise_args(item) for item in value)
    return value


def to_plain(value: object) -> object:
    """Detached tensors, numbers, strings, containers of them, modules as summaries; else NotPlain."""
    kind: Any = type(value)
    value_: Any = value  # checked by exact type below
    if kind is torch.Tensor or kind is nn.Parameter:
        return value_.detach()
    if kind in SCALAR_TYPES:
        return value
    if kind is torch.Size:
        return torch.Size(value_)
    if kind is list or kind is tuple:
        return kind(to_plain(item) for item in value_)
    if kind is dict or kind is OrderedDict:
        return kind((_plain_key(key), to_plain(item)) for key, item in value_.items())
    if isinstance(value, nn.Module):  # a returned module crosses as its summary (module_summary)
        try:
            return to_plain(summarise_module(value))
        except TooManyModules as error:
            raise NotPlain(str(error)) from None
        except Exception as error:  # the learner's own module class may raise anywhere
            raise NotPlain(
                f"a module that cannot be described ({type(error).__name__}: {error})"
            ) from None
    raise NotPlain(
        f"a value of type {_type_name(value)} (only tensors, numbers, strings, "
        "None and lists/tuples/dicts of them can be returned)"
    )


def arg_after_call(value: object) -> object:
    """An argument as the tests see it after the call: modules as state_dicts, the rest if plain.

    Any other object with a `state_dict()` (an optimizer, a builder's parameter list that also
    reports gradients) comes back as its state_dict too: arguments are only what builders made.
    """
    if isinstance(value, nn.Module) or callable(getattr(value, "state_dict", None)):
        return to_plain(OrderedDict(value.state_dict()))  # type: ignore[attr-defined]
    try:
        return to_plain(value)
    except NotPlain:
        return None


def first_tensor(value: object) -> torch.Tensor | None:
    """The tensor `backward=True` differentiates: the value, or the first element of a tuple."""
    if isinstance(value, (tuple, list)) and value:
        value = value[0]
    return value if isinstance(value, torch.Tensor) else None


def _plain_key(key: object) -> object:
    if type(key) in (str, int):
        return key
    raise NotPlain(f"a dict key of type {_type_name(key)} (keys must be str or int)")


def _type_name(value: object) -> str:
    kind = type(value)
    module = kind.__module__
    return (
        kind.__qualname__
        if module in ("builtins", "submission")
        else f"{module}.{kind.__qualname__}"
    )

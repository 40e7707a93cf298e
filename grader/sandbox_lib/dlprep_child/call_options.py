"""Call options for exercises whose results or state are not a function's plain return value.

* `iterate=N` — the learner returned an iterator (d2l's `data_iter` is a generator): the child
  drains it, inside the call (same seed, grad mode and time limit), into a list of at most N
  items; more is the submission's error. The reply says whether the value was an iterator
  (lazy) or an already built container.
* `read=[names]` — module-level names of the submission (d2l's `W`, `b`, `params`) returned
  after the call with, for every tensor in them, its `.grad`, `requires_grad` and `is_leaf`.
  Their `.grad`s are cleared before the call, so the grads read are this call's only.
* `arg_state=True` — the same `.grad` / `requires_grad` / `is_leaf` of every tensor in the
  arguments after the call (d2l's `sgd(params, lr, batch_size)` updates leaves in place and
  zeroes their grads; the values themselves are in the reply's `args` already).
* `forward=[inputs]` — the learner returned a module or another callable (d2l's `vgg_block`
  returns an `nn.Sequential`): the child calls it on the inputs (Build specs allowed), inside
  the call, and replies with the output as `forward`. The module itself comes back as its
  summary (`module_summary`).
"""

from __future__ import annotations

import itertools
import types
from collections.abc import Callable, Iterable, Iterator

import torch

from .values import to_plain


class TooManyItems(RuntimeError):
    """The learner's iterator yielded more items than the test allows (an endless generator?)."""


def drain(value: object, limit: int) -> tuple[object, bool]:
    """(items, was_an_iterator): an iterator or other lazy iterable as a list of <= `limit` items."""
    if isinstance(value, (torch.Tensor, str, bytes, list, tuple, dict)) or not isinstance(
        value, Iterable
    ):
        return value, False
    items = list(itertools.islice(iter(value), limit + 1))
    if len(items) > limit:
        raise TooManyItems(f"the returned iterator yielded more than {limit} items")
    return items, isinstance(value, Iterator)


def per_tensor(value: object, function: Callable[[torch.Tensor], object]) -> object:
    """`function` applied to every tensor in `value` (a tensor, or lists/tuples/dicts of them); None elsewhere."""
    if isinstance(value, torch.Tensor):
        return function(value)
    if isinstance(value, (list, tuple)):
        return [per_tensor(item, function) for item in value]
    if isinstance(value, dict):
        return {key: per_tensor(item, function) for key, item in value.items()}
    return None


def clear_grads(module: types.ModuleType, names: list[str]) -> None:
    for name in names:
        per_tensor(getattr(module, name, None), _clear_grad)


def read_names(module: types.ModuleType, names: list[str]) -> dict[str, object]:
    """name -> {"value", "grad", "requires_grad", "is_leaf"} for each name the submission defines."""
    found: dict[str, object] = {}
    for name in names:
        if not hasattr(module, name):
            continue
        value = getattr(module, name)
        found[name] = {"value": to_plain(value), **tensor_state(value)}
    return found


def tensor_state(value: object) -> dict[str, object]:
    """{"grad", "requires_grad", "is_leaf"}, each mirroring `value`'s tensors (None elsewhere)."""
    return {
        "grad": per_tensor(value, _grad_copy),
        "requires_grad": per_tensor(value, lambda tensor: tensor.requires_grad),
        "is_leaf": per_tensor(value, lambda tensor: tensor.is_leaf),
    }


def _grad_copy(tensor: torch.Tensor) -> torch.Tensor | None:
    if not (tensor.is_leaf or tensor.retains_grad) or tensor.grad is None:
        return None  # a non-leaf tensor's .grad stays None (reading it only warns)
    return tensor.grad.detach().clone()


def _clear_grad(tensor: torch.Tensor) -> None:
    if tensor.is_leaf:
        tensor.grad = None

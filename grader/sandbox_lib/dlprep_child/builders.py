"""The exercises' builders: what `Build("lenet")`, `Build("fashion_iter", ...)`, `Build("device")` become.

Registered into `build.BUILDERS` on import (the zygote imports this module before any
submission runs). The trusted parent imports the same functions to build the network it
loads a returned state_dict into, so parent and child agree on LeNet's layout.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import torch
from torch import nn

from .build import data_paths, register_builder
from .fashion import FashionBatches, load_split

# grader/data, found next to this library when the launcher did not say where it is mounted.
DEFAULT_PACKAGE_DATA = Path(__file__).resolve().parents[2] / "data"


@register_builder("lenet")
def lenet() -> nn.Sequential:
    """d2l's LeNet-5 for 28x28 FashionMNIST: two sigmoid conv + avg-pool blocks, then 120 -> 84 -> 10."""
    return nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5, padding=2),
        nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5),
        nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120),
        nn.Sigmoid(),
        nn.Linear(120, 84),
        nn.Sigmoid(),
        nn.Linear(84, 10),
    )


@register_builder("fashion_iter")
def fashion_iter(
    split: str, profile: str, batch_size: int, limit: int | None = None, resize: int | None = None
) -> FashionBatches:
    """Minibatches of the `train` (shuffled) or `test` split of `profile`; `limit` keeps the first N images."""
    if split == "heldout":
        raise ValueError("the held-out split is scored by the grader only")
    images, labels = load_split(split, profile, package_data_dir(), data_paths().data_root)
    if limit is not None:
        images, labels = images[:limit], labels[:limit]
    return FashionBatches(images, labels, batch_size, shuffle=split == "train", resize=resize)


@register_builder("device")
def device() -> torch.device:
    """The device a training exercise should use: the first GPU when there is one, else the CPU."""
    return torch.device("cuda:0") if torch.cuda.is_available() else torch.device("cpu")


@register_builder("to_device")
def to_device(tensor: torch.Tensor) -> torch.Tensor:
    """`tensor` moved to `device()`: how a test hands a CUDA input to a function exercise."""
    return tensor.to(device())


def package_data_dir() -> Path:
    """Where the shipped quick subset is: the launcher's mount, else grader/data beside this library."""
    return data_paths().package_data or DEFAULT_PACKAGE_DATA


@register_builder("numpy_array")
def numpy_array(values: object, dtype: str | None = None) -> object:
    """`numpy.array(values, dtype)`: how a test hands a NumPy array to a function exercise."""
    import numpy

    return numpy.array(values, dtype=dtype)


def _sum_of_squares(x: torch.Tensor, params: dict[str, torch.Tensor]) -> torch.Tensor:
    return (x**2).sum()


def _sin_x_squared(x: torch.Tensor, params: dict[str, torch.Tensor]) -> torch.Tensor:
    return (torch.sin(x) * x**2).sum()


def _cube(x: torch.Tensor, params: dict[str, torch.Tensor]) -> torch.Tensor:
    return (x**3).sum()


def _quadratic_form(x: torch.Tensor, params: dict[str, torch.Tensor]) -> torch.Tensor:
    return x @ params["A"] @ x


def _softmax_ce(x: torch.Tensor, params: dict[str, torch.Tensor]) -> torch.Tensor:
    """Mean cross-entropy of the linear model features @ x (x: (d, q) weights) on labels."""
    return nn.functional.cross_entropy(params["features"] @ x, params["labels"])


SCALAR_FUNCTIONS = {
    "sum_of_squares": _sum_of_squares,
    "sin_x_squared": _sin_x_squared,
    "cube": _cube,
    "quadratic_form": _quadratic_form,
    "softmax_ce": _softmax_ce,
}


class ScalarFunction(nn.Module):
    """A named test function f(x) -> 0-d tensor that counts its calls.

    Functions cannot cross the sandbox, so numerical-gradient exercises receive one of these
    (`Build("scalar_fn", function=..., **tensors)`). It is an nn.Module so that the test reads the
    call count back as `outcome.args[i]["calls"]` (modules come back as their state_dict).
    """

    def __init__(self, name: str, params: dict[str, torch.Tensor]) -> None:
        super().__init__()
        if name not in SCALAR_FUNCTIONS:
            raise ValueError(f"no scalar function {name!r} (known: {', '.join(SCALAR_FUNCTIONS)})")
        self.function = SCALAR_FUNCTIONS[name]
        self.register_buffer("calls", torch.zeros((), dtype=torch.int64))
        for key, value in params.items():
            self.register_buffer(key, value)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        with torch.no_grad():
            self.get_buffer("calls").add_(1)
        params = {key: value for key, value in self.named_buffers() if key != "calls"}
        return self.function(x, params)


@register_builder("scalar_fn")
def scalar_fn(function: str, **params: torch.Tensor) -> ScalarFunction:
    """`Build("scalar_fn", function="quadratic_form", A=A)`: a counted f(x) -> scalar (see ScalarFunction)."""
    return ScalarFunction(function, params)


class ParamList(nn.Module):
    """Leaf tensors that require grad, used like d2l's `params` list (`W_xh, W_hh, ... = params`).

    Gradients of tensors nested in a list argument do not come back with `backward=True`, so a
    test passes `Build("param_list", tensors=[...])` instead: an argument module comes back as
    its state_dict, taken after the backward pass, and this one holds each parameter as "<i>"
    and its gradient as "<i>.grad" (None when no gradient reached it).
    """

    def __init__(self, tensors: Sequence[torch.Tensor]) -> None:
        super().__init__()
        self.items = nn.ParameterList(nn.Parameter(tensor.detach().clone()) for tensor in tensors)

    def __iter__(self) -> Iterator[nn.Parameter]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> nn.Parameter:
        return self.items[index]

    def state_dict(self, *args: Any, **kwargs: Any) -> Any:
        values: OrderedDict[str, torch.Tensor | None] = OrderedDict()
        for index, parameter in enumerate(self.items):
            values[str(index)] = parameter.detach()
            values[f"{index}.grad"] = None if parameter.grad is None else parameter.grad.detach()
        return values


@register_builder("param_list")
def param_list(tensors: list[torch.Tensor]) -> ParamList:
    """`Build("param_list", tensors=[W_xh, ...])`: d2l's params list whose grads the test reads back."""
    return ParamList(tensors)

"""The exercises' builders: what `Build("lenet")`, `Build("softmax_regression")`, `Build("fashion_iter", ...)` become.

Registered into `build.BUILDERS` on import (the zygote imports this module before any
submission runs). The trusted parent imports the same functions to build the network it
loads a returned state_dict into from `dlprep_common`, so parent and child agree on LeNet's layout.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import torch
from dlprep_common.fashion import FashionBatches, load_split, relabel_labels
from dlprep_common.lenet import best_device
from dlprep_common.lenet import lenet as common_lenet
from dlprep_common.lenet import softmax_regression as common_softmax_regression
from torch import nn

from .build import data_paths, grading_device, register_builder

# grader/data, found next to this library when the launcher did not say where it is mounted.
DEFAULT_PACKAGE_DATA = Path(__file__).resolve().parents[2] / "data"


@register_builder("lenet")
def lenet() -> nn.Sequential:
    """d2l's LeNet-5 (`dlprep_common.lenet`, the network the parent scores with)."""
    return common_lenet()


@register_builder("softmax_regression")
def softmax_regression() -> nn.Sequential:
    """d2l's concise softmax regression (`dlprep_common.lenet`, the net the parent scores with)."""
    return common_softmax_regression()


@register_builder("fashion_iter")
def fashion_iter(
    split: str,
    profile: str,
    batch_size: int,
    limit: int | None = None,
    resize: int | None = None,
    relabel: list[int] | None = None,
) -> FashionBatches:
    """Minibatches of the `train` (shuffled) or `test` split of `profile`; `limit` keeps the first N images.

    `relabel` (a permutation of the class numbers, chosen secretly by the parent per grading)
    renames every label y to relabel[y], so only a net trained on these batches scores well.
    """
    if split == "heldout":
        raise ValueError("the held-out split is scored by the grader only")
    images, labels = load_split(split, profile, package_data_dir(), data_paths().data_root)
    if limit is not None:
        images, labels = images[:limit], labels[:limit]
    if relabel is not None:
        labels = relabel_labels(labels, relabel)
    return FashionBatches(images, labels, batch_size, shuffle=split == "train", resize=resize)


@register_builder("device")
def device() -> torch.device:
    """The device a training exercise should use: the parent's choice (`--device`, resolved).

    cuda: the first GPU (an error when the sandbox sees none: the device nodes were not bound,
    or the driver does not work inside it); cpu: the CPU; unset: the first GPU if any.
    """
    chosen = grading_device()
    if chosen == "cuda":
        if not torch.cuda.is_available():
            raise RuntimeError("the grader chose --device cuda, but the sandbox sees no GPU")
        return torch.device("cuda:0")
    if chosen == "cpu":
        return torch.device("cpu")
    return best_device()


@register_builder("to_device")
def to_device(tensor: torch.Tensor) -> torch.Tensor:
    """`tensor` moved to `device()`: how a test hands a CUDA input to a function exercise."""
    return tensor.to(device())


@register_builder("leaf_with_grad")
def leaf_with_grad(tensor: torch.Tensor, grad: torch.Tensor) -> torch.Tensor:
    """A leaf tensor that requires grad and already holds `.grad`: a parameter after backward (for sgd)."""
    leaf = tensor.detach().clone().requires_grad_(True)
    leaf.grad = grad.detach().clone().to(leaf.dtype)
    return leaf


def package_data_dir() -> Path:
    """Where the shipped quick subset is: the launcher's mount, else grader/data beside this library."""
    return data_paths().package_data or DEFAULT_PACKAGE_DATA


# --- Modules and parameters for function exercises (comp_conv2d, grad_clipping, init_weights, ...)

LayerSpec = list[object]  # [kind, *args] with an optional trailing kwargs dict


@register_builder("module")
def module(
    spec: LayerSpec,
    state: dict[str, torch.Tensor] | None = None,
    frozen: list[str] | None = None,
    grads: dict[str, torch.Tensor] | None = None,
    report_grads: bool = False,
) -> nn.Module:
    """A torch.nn module from plain data: `["Linear", 4, 3, {"bias": False}]`, `["Sequential", ["ReLU"], ...]`.

    `state` sets parameters or buffers by state_dict key (others keep torch's init), `frozen`
    names parameters given requires_grad=False, `grads` sets `.grad` by parameter name, and
    `report_grads` adds `"<name>.grad"` entries to the state_dict, so a test sees the
    gradients after the call (the module comes back as its state_dict).
    """
    built = layer_from_spec(spec)
    if state:
        missing = set(state) - set(built.state_dict())
        if missing:
            raise ValueError(f"the module has no state entries {sorted(missing)}")
        built.load_state_dict(state, strict=False)
    parameters = dict(built.named_parameters())
    for name in frozen or []:
        parameters[name].requires_grad_(False)
    for name, grad in (grads or {}).items():
        parameters[name].grad = grad.clone()
    if report_grads:
        built.register_state_dict_post_hook(_add_grads)
    return built


def layer_from_spec(spec: LayerSpec) -> nn.Module:
    """`[kind, *args, kwargs?]` -> `getattr(nn, kind)(*args, **kwargs)`; Sequential's args are specs."""
    kind, *args = spec
    kwargs: dict[str, Any] = args.pop() if args and isinstance(args[-1], dict) else {}  # type: ignore[assignment]
    layer_class = getattr(nn, str(kind), None)
    if not (isinstance(layer_class, type) and issubclass(layer_class, nn.Module)):
        raise ValueError(f"{kind!r} is not a torch.nn module")
    if layer_class is nn.Sequential:
        return nn.Sequential(*(layer_from_spec(item) for item in args))  # type: ignore[arg-type]
    return layer_class(*args, **kwargs)


def _add_grads(
    built: nn.Module, state_dict: dict[str, object], prefix: str, local_metadata: object
) -> None:
    for name, parameter in built.named_parameters():
        if parameter.grad is not None:
            state_dict[f"{prefix}{name}.grad"] = parameter.grad.detach().clone()


class ParamList(list[torch.Tensor]):
    """Leaf tensors with gradients; its state_dict (how it comes back) holds values and grads."""

    def state_dict(self) -> dict[str, torch.Tensor]:
        entries: dict[str, torch.Tensor] = {}
        for index, tensor in enumerate(self):
            entries[str(index)] = tensor.detach().clone()
            if tensor.grad is not None:
                entries[f"{index}.grad"] = tensor.grad.detach().clone()
        return entries


class ParamsHolder:
    """An object with `.params` (d2l's from-scratch models), not an nn.Module."""

    def __init__(self, params: ParamList) -> None:
        self.params = params

    def state_dict(self) -> dict[str, torch.Tensor]:
        return {f"params.{key}": value for key, value in self.params.state_dict().items()}


@register_builder("params")
def params(
    values: list[torch.Tensor],
    grads: list[torch.Tensor | None] | None = None,
    requires_grad: list[bool] | None = None,
) -> ParamList:
    """Leaf tensors (requires_grad unless told otherwise) with `.grad` set where `grads` gives one."""
    built = ParamList()
    for index, value in enumerate(values):
        leaf = value.clone().requires_grad_(True if requires_grad is None else requires_grad[index])
        grad = grads[index] if grads is not None else None
        if grad is not None:
            leaf.grad = grad.clone()
        built.append(leaf)
    return built


@register_builder("params_holder")
def params_holder(
    values: list[torch.Tensor],
    grads: list[torch.Tensor | None] | None = None,
    requires_grad: list[bool] | None = None,
) -> ParamsHolder:
    """An object whose `.params` is `params(values, grads, requires_grad)`."""
    return ParamsHolder(params(values, grads, requires_grad))


_REAL_CUDA = (torch.cuda.device_count, torch.cuda.is_available)


@register_builder("as_if_cuda_devices")
def as_if_cuda_devices(count: int | None, value: object = None) -> object:
    """Returns `value`; from now on in this child torch.cuda reports `count` GPUs (None: the real ones).

    For try_gpu on a machine without a GPU: every test of such an exercise sets the count
    it wants, so no test depends on another's. No CUDA call is made with a pretended GPU.
    """
    if count is None:
        torch.cuda.device_count, torch.cuda.is_available = _REAL_CUDA
    else:
        torch.cuda.device_count = lambda: count
        torch.cuda.is_available = lambda: count > 0
    return value


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


class ParamModuleList(nn.Module):
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
def param_list(tensors: list[torch.Tensor]) -> ParamModuleList:
    """`Build("param_list", tensors=[W_xh, ...])`: d2l's params list whose grads the test reads back."""
    return ParamModuleList(tensors)


# The chapter-3 training-loop builders (kept nets, optimizers, d2l's updater) register on import.
from . import loop_builders  # noqa: E402, F401

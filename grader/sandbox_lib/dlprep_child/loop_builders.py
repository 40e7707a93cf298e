"""Builders for the chapter-3 training-loop exercises: evaluate_accuracy, train_epoch_ch3, train_ch3.

A training loop takes a net, data, a loss and an updater that must refer to *that* net's
parameters, but every argument of a call is built separately. So a builder may `keep` what
it built under a key, and a later argument of the same call names it (`params_of="net"`):
arguments are built in order, and a key always refers to the most recent object built
under it.

    Build("tracked_module", spec=["Sequential", ["Flatten"], ["Linear", 784, 10]], keep="net")
    Build("keep", key="net", builder="softmax_regression")          # any builder's object, kept
    Build("optimizer", kind="SGD", params_of="net", lr=0.1)      # torch.optim.SGD(net.parameters())
    Build("scratch_softmax", W=W, b=b, keep="net")               # d2l's from-scratch net(X)
    Build("d2l_sgd_updater", params_of="net", lr=0.1)            # lambda batch_size: d2l.sgd(...)
    Build("d2l_cross_entropy")                                   # -log y_hat[range(n), y]

`record_modes=True` adds three counters to a module's state_dict (`forwards`,
`training_forwards`, `grad_forwards`): how often it ran, in training mode, with gradients
enabled — what a test needs to see net.train()/net.eval() and torch.no_grad() from outside.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
from torch import nn

from .build import materialise, register_builder
from .builders import LayerSpec, ParamList, ParamsHolder, module, params

MODE_COUNTERS = ("forwards", "training_forwards", "grad_forwards")

_KEPT: dict[str, object] = {}


def kept(key: str) -> object:
    """The object an earlier argument of this call built with `keep=key`."""
    try:
        return _KEPT[key]
    except KeyError:
        raise ValueError(f"no argument built before this one was kept as {key!r}") from None


def _keep(key: str | None, value: object) -> None:
    if key is not None:
        _KEPT[key] = value


@register_builder("keep")
def keep(key: str, builder: str, params: dict[str, object] | None = None) -> object:
    """`Build(builder, **params)`, kept under `key`: `Build("keep", key="net", builder="softmax_regression")`."""
    built = materialise(builder, params or {})
    _keep(key, built)
    return built


@register_builder("tracked_module")
def tracked_module(
    spec: LayerSpec,
    state: dict[str, torch.Tensor] | None = None,
    keep: str | None = None,
    eval_mode: bool = False,
    record_modes: bool = False,
) -> nn.Module:
    """`layer_from_spec(spec)` with `state` loaded (strict on names), optionally kept, in eval mode, recording modes."""
    built = module(spec, state=state)
    if record_modes:
        _record_modes(built)
    if eval_mode:
        built.eval()
    _keep(keep, built)
    return built


def _record_modes(module: nn.Module) -> None:
    for name in MODE_COUNTERS:
        module.register_buffer(name, torch.zeros((), dtype=torch.int64))

    def count(recorded: nn.Module, inputs: object) -> None:
        grad_enabled = torch.is_grad_enabled()
        counters = {name: recorded.get_buffer(name) for name in MODE_COUNTERS}
        with torch.no_grad():
            counters["forwards"].add_(1)
            counters["training_forwards"].add_(int(recorded.training))
            counters["grad_forwards"].add_(int(grad_enabled))

    module.register_forward_pre_hook(count)


class ScratchSoftmax(ParamsHolder):
    """d2l's from-scratch softmax regression `net(X)`: softmax(X.reshape(-1, 784) @ W + b); not an nn.Module."""

    def __call__(self, X: torch.Tensor) -> torch.Tensor:
        W, b = self.params
        logits = torch.matmul(X.reshape((-1, W.shape[0])), W) + b
        shifted = logits - logits.max(dim=1, keepdim=True).values.detach()
        X_exp = torch.exp(shifted)
        return X_exp / X_exp.sum(1, keepdim=True)


@register_builder("scratch_softmax")
def scratch_softmax(W: torch.Tensor, b: torch.Tensor, keep: str | None = None) -> ScratchSoftmax:
    """A callable net with `.params == [W, b]` (leaves requiring grad); back as its state_dict."""
    built = ScratchSoftmax(params([W, b]))
    _keep(keep, built)
    return built


def _parameters_of(key: str) -> list[torch.Tensor]:
    owner = kept(key)
    if isinstance(owner, nn.Module):
        return list(owner.parameters())
    if isinstance(owner, ParamsHolder):
        return list(owner.params)
    if isinstance(owner, ParamList):
        return list(owner)
    raise ValueError(f"the object kept as {key!r} has no parameters")


@register_builder("optimizer")
def optimizer(kind: str, params_of: str, **settings: Any) -> torch.optim.Optimizer:
    """`torch.optim.<kind>(parameters of the kept object, **settings)`."""
    optimizer_class = getattr(torch.optim, str(kind), None)
    if not (
        isinstance(optimizer_class, type) and issubclass(optimizer_class, torch.optim.Optimizer)
    ):
        raise ValueError(f"{kind!r} is not a torch.optim optimizer")
    return optimizer_class(_parameters_of(params_of), **settings)


@register_builder("d2l_sgd_updater")
def d2l_sgd_updater(params_of: str, lr: float) -> Callable[[int], None]:
    """d2l's custom updater `lambda batch_size: d2l.sgd(params, lr, batch_size)` over the kept parameters."""
    parameters = _parameters_of(params_of)

    def updater(batch_size: int) -> None:
        with torch.no_grad():
            for param in parameters:
                if param.grad is not None:
                    param -= lr * param.grad / batch_size
                    param.grad.zero_()

    return updater


@register_builder("d2l_cross_entropy")
def d2l_cross_entropy() -> Callable[[torch.Tensor, torch.Tensor], torch.Tensor]:
    """d2l's per-example cross-entropy on probabilities: -log y_hat[range(n), y]."""

    def cross_entropy(y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return -torch.log(y_hat[range(len(y_hat)), y])

    return cross_entropy


@register_builder("tensor_loader")
def tensor_loader(
    X: torch.Tensor, y: torch.Tensor, batch_size: int, shuffle: bool = False
) -> torch.utils.data.DataLoader:
    """d2l's `load_array((X, y), batch_size, is_train=shuffle)`: a DataLoader over the two tensors."""
    dataset = torch.utils.data.TensorDataset(X, y)
    return torch.utils.data.DataLoader(dataset, batch_size, shuffle=shuffle)


TRACKED_LOSS_COUNTERS = ("calls", "backwards", "overlaps")


class TrackedLoss(nn.Module):
    """A loss that records how its outputs' graphs are used, for gradient accumulation.

    `calls` counts forward calls, `backwards` the outputs a backward pass went through, and
    `overlaps` the calls made while an earlier output had not been backpropagated yet (graphs
    kept alive together: summing micro-batch losses and calling backward once).
    """

    def __init__(self, loss: nn.Module) -> None:
        super().__init__()
        self.loss = loss
        for name in TRACKED_LOSS_COUNTERS:
            self.register_buffer(name, torch.zeros((), dtype=torch.int64))
        self._pending = 0

    def forward(self, prediction: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        value = self.loss(prediction, target)
        with torch.no_grad():
            self.get_buffer("calls").add_(1)
            self.get_buffer("overlaps").add_(int(self._pending > 0))
        if value.requires_grad:
            self._pending += 1
            value.register_hook(self._seen_by_backward)
        return value

    def _seen_by_backward(self, grad: torch.Tensor) -> torch.Tensor:
        self._pending -= 1
        with torch.no_grad():
            self.get_buffer("backwards").add_(1)
        return grad


@register_builder("tracked_loss")
def tracked_loss(spec: LayerSpec) -> TrackedLoss:
    """`layer_from_spec(spec)` (e.g. `["MSELoss"]`) counting calls, backward passes and overlapping graphs."""
    return TrackedLoss(module(spec))

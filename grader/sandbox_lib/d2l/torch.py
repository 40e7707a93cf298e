"""A d2l-compatible `d2l.torch` for graded submissions: code written the d2l way runs unchanged.

Same names, signatures and results as "Dive into Deep Learning"'s `d2l.torch` for what the
course's chapters 2-6 call: `Accumulator`, `Timer`, `Animator` (accepts every call, draws
nothing), `accuracy` (the *number* correct, as a float), `evaluate_accuracy`,
`evaluate_accuracy_gpu`, `try_gpu`, `try_all_gpus`, `num_gpus`, `load_data_fashion_mnist`
(from the data the grader mounted — the full FashionMNIST root when there is one, else the
shipped quick subset; it never downloads), `load_array`, `get_fashion_mnist_labels`,
`synthetic_data`, `linreg`, `squared_loss`, `sgd`, the plotting helpers as no-ops and the
tensor aliases (`reshape`, `reduce_sum`, `argmax`, `astype`, ...), and the attention blocks
MultiHeadAttention builds on (`sequence_mask`, `masked_softmax`, `DotProductAttention`, from
`d2l.attention`; the exercises of those names forbid using them).

Functions that are themselves exercises (`dropout_layer`, `batch_norm`, `cross_entropy`,
`train_ch6`, ...) are deliberately absent: a submission must write them.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from typing import SupportsFloat

import numpy as np
import torch
from d2l.attention import DotProductAttention, masked_softmax, sequence_mask  # noqa: F401
from dlprep_child import progress
from dlprep_child.build import data_paths
from dlprep_child.builders import package_data_dir
from dlprep_common.fashion import FashionBatches, load_split
from torch import nn
from torch.nn import functional as F  # noqa: F401  (d2l exposes it as d2l.F)
from torch.utils import data

# Tensor aliases d2l defines so its code reads the same across frameworks.
ones, zeros, tensor, arange = torch.ones, torch.zeros, torch.tensor, torch.arange
exp, log, normal, rand, matmul = torch.exp, torch.log, torch.normal, torch.rand, torch.matmul
int32, float32, concat, stack = torch.int32, torch.float32, torch.cat, torch.stack
reshape = lambda x, *args, **kwargs: x.reshape(*args, **kwargs)
reduce_sum = lambda x, *args, **kwargs: x.sum(*args, **kwargs)
reduce_mean = lambda x, *args, **kwargs: x.mean(*args, **kwargs)
argmax = lambda x, *args, **kwargs: x.argmax(*args, **kwargs)
astype = lambda x, *args, **kwargs: x.type(*args, **kwargs)
size = lambda x, *args, **kwargs: x.numel(*args, **kwargs)
numpy = lambda x, *args, **kwargs: x.detach().numpy(*args, **kwargs)

FASHION_MNIST_LABELS = (
    "t-shirt",
    "trouser",
    "pullover",
    "dress",
    "coat",
    "sandal",
    "shirt",
    "sneaker",
    "bag",
    "ankle boot",
)


def use_svg_display() -> None:
    """No-op: nothing is drawn in the sandbox."""


def set_figsize(figsize: tuple[float, float] = (3.5, 2.5)) -> None:
    """No-op: nothing is drawn in the sandbox."""


def plot(*args: object, **kwargs: object) -> None:
    """No-op: nothing is drawn in the sandbox."""


class Animator:
    """d2l's live plot, drawn as progress: `add(epoch, (loss, ...))` is sent to the app."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        self.points: list[tuple[object, object]] = []

    def add(self, x: object, y: object) -> None:
        self.points.append((x, y))
        progress.report(x, y)


class Timer:
    """Record several running times (started on construction, as d2l's)."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.start()

    def start(self) -> None:
        self.tik = time.perf_counter()

    def stop(self) -> float:
        self.times.append(time.perf_counter() - self.tik)
        return self.times[-1]

    def avg(self) -> float:
        return sum(self.times) / len(self.times)

    def sum(self) -> float:
        return sum(self.times)

    def cumsum(self) -> list[float]:
        return np.array(self.times).cumsum().tolist()


class Accumulator:
    """Sums over `n` variables: `add(a, b, ...)` adds each argument (numbers or 1-element tensors)."""

    def __init__(self, n: int) -> None:
        self.data = [0.0] * n

    def add(self, *args: SupportsFloat) -> None:
        self.data = [a + float(b) for a, b in zip(self.data, args, strict=False)]

    def reset(self) -> None:
        self.data = [0.0] * len(self.data)

    def __getitem__(self, idx: int) -> float:
        return self.data[idx]


def accuracy(y_hat: torch.Tensor, y: torch.Tensor) -> float:
    """The number of correct predictions (argmax over dim 1 when `y_hat` holds scores per class)."""
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(dim=1)
    cmp = y_hat.type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())


def evaluate_accuracy(net: nn.Module, data_iter: Iterable) -> float:
    """Fraction of `data_iter` that `net` classifies correctly (eval mode, no gradients)."""
    if isinstance(net, nn.Module):
        net.eval()
    metric = Accumulator(2)
    with torch.no_grad():
        for X, y in data_iter:
            metric.add(accuracy(net(X), y), y.numel())
    return metric[0] / metric[1]


def evaluate_accuracy_gpu(
    net: nn.Module, data_iter: Iterable, device: torch.device | None = None
) -> float:
    """Like `evaluate_accuracy`, moving each batch to `device` (default: where `net`'s parameters are)."""
    if isinstance(net, nn.Module):
        net.eval()
        if not device:
            device = next(iter(net.parameters())).device
    metric = Accumulator(2)
    with torch.no_grad():
        for X, y in data_iter:
            X = [x.to(device) for x in X] if isinstance(X, list) else X.to(device)
            y = y.to(device)
            metric.add(accuracy(net(X), y), y.numel())
    return metric[0] / metric[1]


def num_gpus() -> int:
    return torch.cuda.device_count()


def try_gpu(i: int = 0) -> torch.device:
    """GPU `i` if it exists, else the CPU."""
    if torch.cuda.device_count() >= i + 1:
        return torch.device(f"cuda:{i}")
    return torch.device("cpu")


def try_all_gpus() -> list[torch.device]:
    """Every GPU, or [cpu] when there is none."""
    devices = [torch.device(f"cuda:{i}") for i in range(torch.cuda.device_count())]
    return devices if devices else [torch.device("cpu")]


def get_dataloader_workers() -> int:
    """0: the sandbox allows no worker processes for data loading."""
    return 0


def load_data_fashion_mnist(
    batch_size: int, resize: int | None = None
) -> tuple[FashionBatches, FashionBatches]:
    """(train_iter, test_iter) over FashionMNIST: the mounted full dataset, else the quick subset."""
    profile = "full" if data_paths().data_root is not None else "quick"
    iters = []
    for split in ("train", "test"):
        images, labels = load_split(split, profile, package_data_dir(), data_paths().data_root)
        iters.append(
            FashionBatches(images, labels, batch_size, shuffle=split == "train", resize=resize)
        )
    return iters[0], iters[1]


def get_fashion_mnist_labels(labels: Iterable) -> list[str]:
    """Text labels of FashionMNIST class indices."""
    return [FASHION_MNIST_LABELS[int(i)] for i in labels]


def load_array(
    data_arrays: Sequence[torch.Tensor], batch_size: int, is_train: bool = True
) -> data.DataLoader:
    """A PyTorch DataLoader over tensors (shuffled when `is_train`)."""
    dataset = data.TensorDataset(*data_arrays)
    return data.DataLoader(dataset, batch_size, shuffle=is_train)


def synthetic_data(
    w: torch.Tensor, b: float, num_examples: int
) -> tuple[torch.Tensor, torch.Tensor]:
    """y = Xw + b + noise (std 0.01), X ~ N(0, 1); y has shape (num_examples, 1)."""
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = torch.matmul(X, w) + b
    y += torch.normal(0, 0.01, y.shape)
    return X, y.reshape((-1, 1))


def linreg(X: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """The linear regression model Xw + b."""
    return torch.matmul(X, w) + b


def squared_loss(y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Per-example (y_hat - y)^2 / 2, with y reshaped like y_hat."""
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def sgd(params: Iterable[torch.Tensor], lr: float, batch_size: int) -> None:
    """Minibatch SGD in place under no_grad: param -= lr * grad / batch_size, then zero the grads."""
    with torch.no_grad():
        for param in params:
            grad = param.grad
            if grad is None:
                raise RuntimeError(
                    "sgd: a parameter has no gradient (call backward() on the loss first)"
                )
            param -= lr * grad / batch_size
            grad.zero_()

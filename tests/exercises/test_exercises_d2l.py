"""The sandbox's d2l-compatible module: d2l's names, signatures and results, data from the mounted files."""

from __future__ import annotations

import importlib
import types

import pytest
import torch
from exercises_support import SANDBOX_LIB, write_fashion_root
from torch import nn


@pytest.fixture
def d2l(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    """`from d2l import torch as d2l`, resolved as inside the sandbox; quick data unless DLPREP_DATA is set."""
    monkeypatch.syspath_prepend(str(SANDBOX_LIB))
    monkeypatch.delenv("DLPREP_DATA", raising=False)
    monkeypatch.delenv("DLPREP_PACKAGE_DATA", raising=False)
    return importlib.import_module("d2l.torch")


def test_accuracy_counts_correct_predictions_as_a_float(d2l):
    y_hat = torch.tensor([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]])
    y = torch.tensor([1, 0, 0])
    assert d2l.accuracy(y_hat, y) == 2.0 and isinstance(d2l.accuracy(y_hat, y), float)
    assert d2l.accuracy(torch.tensor([1, 0, 1]), y) == 2.0  # already class indices


def test_accumulator_sums_numbers_and_one_element_tensors(d2l):
    metric = d2l.Accumulator(3)
    metric.add(torch.tensor(1.5), 2, 3.0)
    metric.add(0.5, torch.tensor(1), 1)
    assert (metric[0], metric[1], metric[2]) == (2.0, 3.0, 4.0)
    metric.reset()
    assert metric.data == [0.0, 0.0, 0.0]


def test_timer_records_each_interval(d2l):
    timer = d2l.Timer()
    timer.stop()
    timer.start()
    timer.stop()
    assert len(timer.times) == 2 and timer.sum() >= 0
    assert timer.avg() == pytest.approx(timer.sum() / 2)
    assert timer.cumsum()[-1] == pytest.approx(timer.sum())


def test_animator_and_plotting_helpers_accept_d2l_calls(d2l):
    animator = d2l.Animator(
        xlabel="epoch", xlim=[1, 10], legend=["train loss", "train acc", "test acc"]
    )
    animator.add(1.2, (0.5, 0.8, None))
    d2l.use_svg_display()
    d2l.set_figsize((4, 3))
    d2l.plot([1, 2], [[3, 4]], "x", "y")
    assert animator.points == [(1.2, (0.5, 0.8, None))]


def test_evaluate_accuracy_gpu_uses_eval_mode_and_the_net_device(d2l):
    net = nn.Sequential(nn.Dropout(0.5), nn.Linear(2, 2))
    with torch.no_grad():
        net[1].weight.copy_(torch.eye(2))
        net[1].bias.zero_()
    data = [
        (torch.tensor([[1.0, 0.0], [0.0, 1.0]]), torch.tensor([0, 1])),
        (torch.tensor([[2.0, 1.0]]), torch.tensor([1])),
    ]
    assert d2l.evaluate_accuracy_gpu(net, data) == pytest.approx(2 / 3)
    assert not net.training, "evaluation must switch the net to eval mode (Dropout off)"
    assert d2l.evaluate_accuracy(net, data) == pytest.approx(2 / 3)


def test_devices_fall_back_to_the_cpu(d2l, monkeypatch):
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 0)
    assert d2l.try_gpu() == torch.device("cpu") and d2l.try_gpu(3) == torch.device("cpu")
    assert d2l.try_all_gpus() == [torch.device("cpu")] and d2l.num_gpus() == 0


def test_load_data_fashion_mnist_reads_the_shipped_subset(d2l):
    train_iter, test_iter = d2l.load_data_fashion_mnist(256)
    assert (len(train_iter), len(test_iter)) == (47, 4)  # 12,000 and 1,000 images
    X, y = next(iter(train_iter))
    assert X.shape == (256, 1, 28, 28) and X.dtype == torch.float32 and y.dtype == torch.int64
    assert 0.0 <= float(X.min()) and float(X.max()) <= 1.0


def test_load_data_fashion_mnist_resizes(d2l):
    X, _ = next(iter(d2l.load_data_fashion_mnist(8, resize=32)[1]))
    assert X.shape == (8, 1, 32, 32)


def test_load_data_fashion_mnist_prefers_the_mounted_full_dataset(d2l, monkeypatch, tmp_path):
    monkeypatch.setenv("DLPREP_DATA", str(write_fashion_root(tmp_path / "root", train=30, test=20)))
    train_iter, test_iter = d2l.load_data_fashion_mnist(10)
    assert sum(len(y) for _, y in train_iter) == 30 and sum(len(y) for _, y in test_iter) == 20


def test_linear_regression_helpers(d2l):
    torch.manual_seed(0)
    w, b = torch.tensor([2.0, -3.4]), 4.2
    X, y = d2l.synthetic_data(w, b, 1000)
    assert X.shape == (1000, 2) and y.shape == (1000, 1)
    assert torch.allclose(d2l.linreg(X, w, b).reshape(-1, 1), y, atol=0.05)
    assert d2l.squared_loss(
        torch.tensor([[1.0], [3.0]]), torch.tensor([2.0, 3.0])
    ).flatten().tolist() == [0.5, 0.0]
    batches = list(d2l.load_array((X, y), 300, is_train=False))
    assert [len(batch_y) for _, batch_y in batches] == [300, 300, 300, 100]


def test_sgd_updates_in_place_divides_by_batch_size_and_zeroes_grads(d2l):
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    (w * torch.tensor([4.0, 8.0])).sum().backward()
    d2l.sgd([w], lr=0.5, batch_size=4)
    assert w.detach().tolist() == [0.5, 1.0] and w.grad.tolist() == [0.0, 0.0]


def test_tensor_aliases_and_labels(d2l):
    x = torch.tensor([[1.0, 5.0], [3.0, 2.0]])
    assert d2l.reduce_sum(x).item() == 11.0 and d2l.argmax(x, axis=1).tolist() == [1, 0]
    assert (
        d2l.size(x) == 4
        and d2l.reshape(x, (4,)).shape == (4,)
        and d2l.astype(x, torch.int64).dtype == torch.int64
    )
    assert d2l.get_fashion_mnist_labels([0, 9]) == ["t-shirt", "ankle boot"]


def test_exercise_entries_are_not_provided(d2l):
    for name in ("train_ch6", "dropout_layer", "batch_norm", "cross_entropy", "train_ch3"):
        assert not hasattr(d2l, name), f"d2l.{name} would let a submission skip the exercise"

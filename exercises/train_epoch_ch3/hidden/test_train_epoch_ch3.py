"""Hidden tests of train_epoch_ch3(net, train_iter, loss, updater) -> (train_loss, train_acc).

The net, the loss and the updater are built in the sandbox from the weights made here; the
updater refers to that net's parameters (`keep="net"` / `params_of="net"`). The batches are a
fixed list, so the grader replays d2l's epoch itself on the same weights and batches (the
contract of d2l: per-example losses, `l.mean().backward()` for a torch optimizer,
`l.sum().backward()` then `updater(batch_size)` for the custom updater) and compares the
parameters after the epoch and the returned averages to 1e-5. Everything is seeded.
"""

import math

import pytest
import torch
from torch import nn

from dlprep.grader.checks import assert_close, assert_finite, assert_tensor
from dlprep.grader.protocol import Build

FEATURES, CLASSES, LR = 10, 4, 0.3
CONCISE = ["Sequential", ["Linear", FEATURES, CLASSES]]
CE_NONE = Build("module", spec=["CrossEntropyLoss", {"reduction": "none"}])
TOLERANCE = {"rtol": 1e-5, "atol": 1e-6}


def epoch_result(value):
    """(train_loss, train_acc), checked to be two Python floats before any value."""
    assert isinstance(value, (tuple, list)) and len(value) == 2, (
        f"train_epoch_ch3 must return (train_loss, train_acc), got {type(value).__name__}"
    )
    for name, item in zip(("train_loss", "train_acc"), value, strict=True):
        assert type(item) is float, f"{name} must be a Python float, got {type(item).__name__}"
    assert 0.0 <= value[1] <= 1.0, (
        f"train_acc {value[1]} is not a fraction in [0, 1]: divide by the number of examples"
    )
    return value


def teacher_batches(sizes, seed):
    """Random features labelled by a random linear teacher (so an epoch learns something)."""
    generator = torch.Generator().manual_seed(seed)
    teacher = torch.randn(FEATURES, CLASSES, generator=generator)
    batches = []
    for size in sizes:
        X = torch.randn(size, FEATURES, generator=generator)
        y = (X @ teacher + 0.5 * torch.randn(size, CLASSES, generator=generator)).argmax(dim=1)
        batches.append((X, y))
    return batches


def initial_weights(seed):
    generator = torch.Generator().manual_seed(seed)
    return torch.randn(FEATURES, CLASSES, generator=generator) * 0.1, torch.zeros(CLASSES)


def d2l_epoch(net, batches, loss, updater):
    """d2l's train_epoch_ch3, run by the grader: (mean loss per example, accuracy)."""
    loss_sum, correct, count = 0.0, 0, 0
    for X, y in batches:
        y_hat = net(X)
        l = loss(y_hat, y)
        if isinstance(updater, torch.optim.Optimizer):
            updater.zero_grad()
            l.mean().backward()
            updater.step()
        else:
            l.sum().backward()
            updater(len(y))
        loss_sum += float(l.sum())
        correct += int((y_hat.argmax(dim=1) == y).sum())
        count += len(y)
    return loss_sum / count, correct / count


def expected_concise(W, b, batches):
    """(state_dict after, loss, accuracy) of d2l's epoch with nn.Linear and torch.optim.SGD."""
    net = nn.Sequential(nn.Linear(FEATURES, CLASSES))
    net.load_state_dict({"0.weight": W.T.clone(), "0.bias": b.clone()})
    sgd = torch.optim.SGD(net.parameters(), lr=LR)
    loss, acc = d2l_epoch(net, batches, nn.CrossEntropyLoss(reduction="none"), sgd)
    return net.state_dict(), loss, acc


def expected_scratch(W, b, batches):
    """([W, b] after, loss, accuracy) of d2l's from-scratch epoch: softmax, cross_entropy, d2l.sgd."""
    W, b = W.clone().requires_grad_(True), b.clone().requires_grad_(True)

    def net(X):
        return torch.softmax(X.reshape(-1, FEATURES) @ W + b, dim=1)

    def cross_entropy(y_hat, y):
        return -torch.log(y_hat[range(len(y_hat)), y])

    def updater(batch_size):
        with torch.no_grad():
            for param in (W, b):
                param -= LR * param.grad / batch_size
                param.grad.zero_()

    loss, acc = d2l_epoch(net, batches, cross_entropy, updater)
    return [W.detach(), b.detach()], loss, acc


def run_concise(student, W, b, batches, **net_options):
    state = {"0.weight": W.T.clone(), "0.bias": b.clone()}
    outcome = student.call(
        "train_epoch_ch3",
        Build("tracked_module", spec=CONCISE, state=state, keep="net", **net_options),
        batches,
        CE_NONE,
        Build("optimizer", kind="SGD", params_of="net", lr=LR),
    )
    return epoch_result(outcome.value), outcome.args[0]


def assert_state(after, expected, what):
    for key, value in expected.items():
        assert key in after, f"{what}: the net has no {key} after the epoch"
        assert_tensor(after[key], shape=value.shape, dtype=value.dtype, what=f"{what}: {key}")
        assert_close(after[key], value, **TOLERANCE, what=f"{what}: {key} after the epoch")


@pytest.mark.describe(
    en="With torch.optim.SGD the parameters after the epoch match d2l's loop (l.mean().backward(), zero_grad each batch)",
    zh="使用 torch.optim.SGD 时，一个周期后的参数与 d2l 的循环一致（l.mean().backward()，每个批量先 zero_grad）",
)
@pytest.mark.concepts("losses-reduction-none-train-epoch")
def test_optimizer_updates_like_d2l(student):
    W, b = initial_weights(seed=1)
    batches = teacher_batches([32, 32, 32, 8], seed=2)
    _, after = run_concise(student, W, b, batches)
    state, _, _ = expected_concise(W, b, batches)
    assert_state(after, state, "the net")


@pytest.mark.describe(
    en="The returned loss is the mean per-example loss and the accuracy the fraction of examples, over unequal batches",
    zh="返回的损失是每个样本的平均损失，精度是样本的比例（批量大小不等时也如此）",
)
@pytest.mark.concepts("losses-reduction-none-train-epoch")
def test_returns_averages_per_example(student):
    W, b = initial_weights(seed=3)
    batches = teacher_batches([40, 40, 4], seed=4)
    (loss, acc), _ = run_concise(student, W, b, batches)
    _, expected_loss, expected_acc = expected_concise(W, b, batches)
    assert_close(loss, expected_loss, **TOLERANCE, what="train_loss")
    assert_close(acc, expected_acc, rtol=0, atol=1e-9, what="train_acc")


@pytest.mark.describe(
    en="With d2l's custom updater(batch_size) (from-scratch softmax, d2l.sgd) parameters and averages match d2l (l.sum().backward())",
    zh="使用 d2l 的自定义 updater(batch_size)（从零实现的 softmax 和 d2l.sgd）时，参数和平均值与 d2l 一致（l.sum().backward()）",
)
@pytest.mark.concepts("linear-softmax-scratch-vs-concise")
def test_custom_updater_updates_like_d2l(student):
    W, b = initial_weights(seed=5)
    batches = teacher_batches([25, 25, 25, 10], seed=6)
    outcome = student.call(
        "train_epoch_ch3",
        Build("scratch_softmax", W=W, b=b, keep="net"),
        batches,
        Build("d2l_cross_entropy"),
        Build("d2l_sgd_updater", params_of="net", lr=LR),
    )
    loss, acc = epoch_result(outcome.value)
    (W_after, b_after), expected_loss, expected_acc = expected_scratch(W, b, batches)
    assert_state(outcome.args[0], {"params.0": W_after, "params.1": b_after}, "[W, b]")
    assert_close(loss, expected_loss, **TOLERANCE, what="train_loss")
    assert_close(acc, expected_acc, rtol=0, atol=1e-9, what="train_acc")


@pytest.mark.describe(
    en="An nn.Module is put in training mode (net.train()) before the epoch, even if it arrives in eval mode",
    zh="训练前把 nn.Module 切换到训练模式（net.train()），即使传入时处于评估模式",
)
@pytest.mark.concepts("pytorch-practice-forgot-eval-train")
def test_sets_training_mode(student):
    W, b = initial_weights(seed=7)
    batches = teacher_batches([16, 16], seed=8)
    _, after = run_concise(student, W, b, batches, eval_mode=True, record_modes=True)
    for key in ("forwards", "training_forwards"):
        assert_tensor(after[key], shape=(), dtype=torch.int64, what=f"the net's {key} counter")
    forwards, training = int(after["forwards"]), int(after["training_forwards"])
    assert forwards >= 2, "the net was not run on every batch"
    assert training == forwards, (
        f"{forwards - training} of {forwards} forward passes ran in eval mode: call net.train() first"
    )


@pytest.mark.describe(
    en="Any torch.optim.Optimizer works (Adam on FashionMNIST): the weights change, the loss is finite",
    zh="任何 torch.optim.Optimizer 都可以（在 FashionMNIST 上用 Adam）：权重发生变化，损失是有限值",
)
@pytest.mark.concepts("linear-softmax-training-essentials")
def test_any_optimizer_on_fashion_mnist(student):
    generator = torch.Generator().manual_seed(9)
    weight = torch.randn(10, 784, generator=generator) * 0.01
    spec = ["Sequential", ["Flatten"], ["Linear", 784, 10]]
    outcome = student.call(
        "train_epoch_ch3",
        Build("tracked_module", spec=spec, state={"1.weight": weight}, keep="net"),
        Build("fashion_iter", split="train", profile="quick", batch_size=128, limit=1024),
        CE_NONE,
        Build("optimizer", kind="Adam", params_of="net", lr=0.01),
        seed=10,
    )
    loss, acc = epoch_result(outcome.value)
    assert_finite(loss, what="train_loss")
    assert 0 < loss < 2 * math.log(10), (
        f"train_loss {loss:.3f} is not a plausible mean cross-entropy"
    )
    after = assert_tensor(
        outcome.args[0]["1.weight"], shape=(10, 784), dtype=torch.float32, what="the weight"
    )
    change = float((after - weight).abs().max())
    assert change > 1e-3, "the weights did not change: call updater.step() after backward"

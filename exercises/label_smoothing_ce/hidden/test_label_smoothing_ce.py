"""Hidden tests of label_smoothing_ce(logits, y, epsilon=0.1): PyTorch's label-smoothed cross-entropy.

Expected values come from nn.CrossEntropyLoss(label_smoothing=epsilon), computed here, in the grader.
"""

import math

import pytest
import torch
from torch import nn
from torch.nn import functional as F

from dlprep.grader.checks import assert_close, assert_finite, assert_tensor

DTYPES = pytest.mark.parametrize(
    "dtype", [torch.float32, torch.float64], ids=["float32", "float64"]
)
SCALAR = ()


def tolerance(dtype):
    return {"rtol": 0, "atol": 1e-6} if dtype == torch.float32 else {"rtol": 0, "atol": 1e-12}


def batch(n, k, dtype=torch.float32, seed=0, scale=2.0):
    generator = torch.Generator().manual_seed(seed)
    logits = torch.randn(n, k, generator=generator, dtype=torch.float64) * scale
    return logits.to(dtype), torch.randint(0, k, (n,), generator=generator)


def expected(logits, y, epsilon):
    return nn.CrossEntropyLoss(label_smoothing=epsilon)(logits, y)


def smoothed_target(y, k, epsilon, dtype):
    return (1 - epsilon) * F.one_hot(y, k).to(dtype) + epsilon / k


@pytest.mark.describe(
    en="The prompt's example: logits [[2, 0, 0]], y [0], epsilon 0.1 gives 0.372878",
    zh="题目中的示例：logits [[2, 0, 0]]、y [0]、epsilon 0.1 得到 0.372878",
)
@pytest.mark.concepts("scale-label-smoothing-target")
def test_worked_example(student):
    loss = student.label_smoothing_ce(torch.tensor([[2.0, 0.0, 0.0]]), torch.tensor([0]), 0.1)
    assert_tensor(loss, shape=SCALAR, dtype=torch.float32)
    assert_close(loss, torch.tensor(0.372878), rtol=0, atol=1e-5)


@pytest.mark.parametrize("epsilon", [0.0, 0.1, 0.3])
@DTYPES
@pytest.mark.describe(
    en="On a random batch (32 x 10): equals nn.CrossEntropyLoss(label_smoothing=epsilon), a 0-d tensor of logits' dtype",
    zh="在随机批量（32 x 10）上：等于 nn.CrossEntropyLoss(label_smoothing=epsilon)，是 dtype 与 logits 相同的 0 维张量",
)
@pytest.mark.concepts("scale-label-smoothing-target")
def test_matches_pytorch(student, epsilon, dtype):
    logits, y = batch(32, 10, dtype, seed=1)
    loss = assert_tensor(student.label_smoothing_ce(logits, y, epsilon), shape=SCALAR, dtype=dtype)
    assert_close(loss, expected(logits, y, epsilon), **tolerance(dtype))


@pytest.mark.describe(
    en="epsilon defaults to 0.1",
    zh="epsilon 的默认值为 0.1",
)
def test_default_epsilon(student):
    logits, y = batch(8, 5, torch.float64, seed=2)
    loss = assert_tensor(student.label_smoothing_ce(logits, y), shape=SCALAR, dtype=torch.float64)
    assert_close(loss, expected(logits, y, 0.1), **tolerance(torch.float64))


@pytest.mark.describe(
    en="The loss is the mean over the batch: repeating the batch 4 times leaves it unchanged",
    zh="损失是对批量的平均：把批量重复 4 次结果不变",
)
def test_mean_not_sum(student):
    logits, y = batch(6, 4, torch.float64, seed=3)
    once = assert_tensor(
        student.label_smoothing_ce(logits, y, 0.2), shape=SCALAR, dtype=torch.float64
    )
    four = student.label_smoothing_ce(logits.repeat(4, 1), y.repeat(4), 0.2)
    assert_tensor(four, shape=SCALAR, dtype=torch.float64)
    assert_close(four, once, rtol=0, atol=1e-12, what="the loss of the batch repeated 4 times")
    assert_close(once, expected(logits, y, 0.2), **tolerance(torch.float64))


@pytest.mark.describe(
    en="Logits of +-1000 give a finite loss equal to PyTorch's (stable log-softmax, no log(softmax))",
    zh="logits 为 ±1000 时损失有限且等于 PyTorch 的结果（稳定的 log-softmax，而不是 log(softmax)）",
)
def test_extreme_logits_are_finite(student):
    logits = torch.tensor([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 999.0]])
    y = torch.tensor([0, 2])
    loss = assert_tensor(
        student.label_smoothing_ce(logits, y, 0.1), shape=SCALAR, dtype=torch.float32
    )
    assert_finite(loss)
    assert_close(loss, expected(logits, y, 0.1), rtol=1e-6, atol=1e-3)


@pytest.mark.describe(
    en="The loss never reaches 0: at logits = log(target) it is the target's entropy, about 0.500 nats for K = 10, epsilon = 0.1",
    zh="损失永远到不了 0：logits = log(target) 时等于目标的熵，K = 10、epsilon = 0.1 时约为 0.500 nats",
)
@pytest.mark.concepts("scale-label-smoothing-min-loss")
def test_minimum_is_the_entropy_of_the_target(student):
    y = torch.tensor([3, 7])
    target = smoothed_target(y, 10, 0.1, torch.float64)
    best = assert_tensor(
        student.label_smoothing_ce(torch.log(target), y, 0.1), shape=SCALAR, dtype=torch.float64
    )
    entropy = -(0.91 * math.log(0.91) + 9 * 0.01 * math.log(0.01))  # 0.50030...
    assert_close(best, torch.tensor(entropy, dtype=torch.float64), rtol=0, atol=1e-9)
    confident = F.one_hot(y, 10).to(torch.float64) * 50  # "perfect" one-hot logits pay for it
    loss = student.label_smoothing_ce(confident, y, 0.1)
    assert_tensor(loss, shape=SCALAR, dtype=torch.float64)
    assert float(loss) > entropy + 1, (
        f"very confident logits gave {float(loss):.3f}, below the minimum"
    )


@pytest.mark.describe(
    en="Two classes (K = 2) work",
    zh="两个类别（K = 2）也能正确计算",
)
def test_two_classes(student):
    logits, y = batch(10, 2, seed=4)
    loss = assert_tensor(
        student.label_smoothing_ce(logits, y, 0.2), shape=SCALAR, dtype=torch.float32
    )
    assert_close(loss, expected(logits, y, 0.2), **tolerance(torch.float32))


@pytest.mark.describe(
    en="The gradient with respect to the logits is (softmax(logits) - smoothed target) / N",
    zh="对 logits 的梯度为 (softmax(logits) - 平滑目标) / N",
)
@pytest.mark.concepts("scale-label-smoothing-target")
def test_gradient(student):
    logits, y = batch(5, 4, torch.float64, seed=5)
    outcome = student.call(
        "label_smoothing_ce", logits.clone().requires_grad_(), y, 0.1, backward=True
    )
    assert_tensor(outcome.value, shape=SCALAR, dtype=torch.float64)
    grad = outcome.grads[0]
    assert grad is not None, (
        "no gradient reached the logits: compute the loss with tensor operations"
    )
    want = (torch.softmax(logits, dim=-1) - smoothed_target(y, 4, 0.1, torch.float64)) / 5
    assert_tensor(grad, shape=(5, 4), dtype=torch.float64, what="the gradient")
    assert_close(grad, want, rtol=0, atol=1e-6, what="the gradient of the logits")


@pytest.mark.describe(
    en="logits and y are left as they were",
    zh="logits 和 y 保持不变",
)
def test_inputs_are_not_modified(student):
    logits, y = batch(6, 3, seed=6)
    outcome = student.call("label_smoothing_ce", logits, y, 0.1)
    assert_tensor(outcome.value, shape=SCALAR, dtype=torch.float32)
    assert_close(outcome.args[0], logits, rtol=0, atol=0, what="logits after the call")
    assert_close(outcome.args[1], y, rtol=0, atol=0, what="y after the call")

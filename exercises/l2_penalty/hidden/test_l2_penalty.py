"""Hidden tests of l2_penalty(w): d2l's torch.sum(w.pow(2)) / 2, a 0-d tensor whose gradient is w.

Expected values are computed here, in the grader, in float64.
"""

import pytest
import torch

from dlprep.grader.checks import assert_close, assert_tensor


def tolerance(dtype):
    return (
        {"rtol": 1e-5, "atol": 1e-6} if dtype == torch.float32 else {"rtol": 1e-12, "atol": 1e-12}
    )


def weights(shape, dtype=torch.float32, seed=0):
    generator = torch.Generator().manual_seed(seed)
    return torch.randn(shape, generator=generator, dtype=torch.float64).to(dtype)


def expected(w):
    return (w.double().pow(2).sum() / 2).to(w.dtype)


@pytest.mark.describe(
    en="The prompt's example: w = [[1], [2], [-2]] gives the 0-d tensor 4.5",
    zh="题目中的示例：w = [[1], [2], [-2]] 得到 0 维张量 4.5",
)
@pytest.mark.concepts("regularization-weight-decay-objective")
def test_worked_example(student):
    penalty = student.l2_penalty(torch.tensor([[1.0], [2.0], [-2.0]]))
    assert_close(penalty, torch.tensor(4.5), **tolerance(torch.float32))


@pytest.mark.parametrize("shape", [(200, 1), (7,), (3, 4, 5)], ids=["d2l (200, 1)", "1-D", "3-D"])
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64], ids=["float32", "float64"])
@pytest.mark.describe(
    en="Any shape: the sum of all squares over 2, as a 0-d tensor of w's dtype",
    zh="任意形状：所有元素平方和的一半，结果是 dtype 与 w 相同的 0 维张量",
)
def test_sum_of_squares_over_two(student, shape, dtype):
    w = weights(shape, dtype, seed=1)
    assert_close(student.l2_penalty(w), expected(w), **tolerance(dtype))


@pytest.mark.describe(
    en="The gradient of the penalty is w itself (L2, not L1's sign(w))",
    zh="惩罚项的梯度就是 w 本身（L2，而不是 L1 的 sign(w)）",
)
@pytest.mark.concepts("regularization-l2-penalty-not-l1", "regularization-l1-l2-gradients")
def test_gradient_is_w(student):
    w = weights((10, 1), torch.float64, seed=2).requires_grad_()
    outcome = student.call("l2_penalty", w, backward=True)
    assert_tensor(outcome.value, shape=(), dtype=torch.float64, what="l2_penalty(w)")
    assert outcome.grads[0] is not None, (
        "no gradient reached w: compute the penalty with tensor operations"
    )
    assert_close(outcome.grads[0], w.detach(), what="the gradient of w", **tolerance(torch.float64))


@pytest.mark.describe(
    en="Zero weights give a penalty of exactly 0",
    zh="权重全为零时惩罚恰好为 0",
)
def test_zero_weights(student):
    assert_close(student.l2_penalty(torch.zeros(5, 1)), torch.tensor(0.0), rtol=0, atol=0)


@pytest.mark.describe(
    en="w is left as it was",
    zh="w 保持不变",
)
def test_input_is_not_modified(student):
    w = weights((6, 1), seed=3)
    outcome = student.call("l2_penalty", w)
    assert_close(outcome.args[0], w, rtol=0, atol=0, what="w after the call")

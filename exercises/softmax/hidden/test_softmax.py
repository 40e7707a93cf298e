"""Hidden tests of softmax(X): row-wise, numerically stable softmax of an (n, q) matrix.

Expected values come from torch.softmax(X, dim=1), computed here, in the grader.
"""

import pytest
import torch

from dlprep.grader.checks import assert_close, assert_finite, assert_tensor

DTYPES = pytest.mark.parametrize(
    "dtype", [torch.float32, torch.float64], ids=["float32", "float64"]
)


def tolerance(dtype):
    return (
        {"rtol": 1e-5, "atol": 1e-6} if dtype == torch.float32 else {"rtol": 1e-10, "atol": 1e-12}
    )


def logits(n, q, dtype=torch.float32, seed=0, scale=3.0):
    generator = torch.Generator().manual_seed(seed)
    return (torch.randn(n, q, generator=generator, dtype=torch.float64) * scale).to(dtype)


@pytest.mark.describe(
    en="The prompt's example, including a row of logits near 1000, matches torch.softmax",
    zh="题目中的示例（包括一行接近 1000 的 logits）与 torch.softmax 一致",
)
@pytest.mark.concepts("linear-softmax-softmax-definition")
def test_worked_example(student):
    X = torch.tensor([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [1000.0, 1000.0, 999.0]])
    assert_close(student.softmax(X), torch.softmax(X, dim=1), **tolerance(torch.float32))


@DTYPES
@pytest.mark.describe(
    en="On random (64, 10) logits: equals torch.softmax(X, dim=1), same shape and dtype",
    zh="在随机的 (64, 10) logits 上：等于 torch.softmax(X, dim=1)，形状和 dtype 相同",
)
def test_matches_torch_softmax(student, dtype):
    X = logits(64, 10, dtype)
    assert_close(student.softmax(X), torch.softmax(X, dim=1), **tolerance(dtype))


@pytest.mark.describe(
    en="Each row sums to 1 and every entry is positive (normalised along dim 1, not dim 0)",
    zh="每行之和为 1 且每个元素为正（沿第 1 维归一化，而不是第 0 维）",
)
@pytest.mark.concepts("tensors-autograd-keepdim-row-normalise")
def test_rows_sum_to_one(student):
    Y = assert_tensor(student.softmax(logits(5, 7, seed=1)), shape=(5, 7), dtype=torch.float32)
    assert bool((Y > 0).all()), "softmax outputs must be positive"
    assert_close(Y.sum(dim=1), torch.ones(5), rtol=0, atol=1e-5, what="the row sums")


@pytest.mark.describe(
    en="Adding a constant to a row does not change its softmax (X + 50 gives the same result)",
    zh="给一行加上同一个常数不改变它的 softmax（X + 50 得到相同的结果）",
)
@pytest.mark.concepts("linear-softmax-softmax-shift-invariance")
def test_shift_invariance(student):
    X = logits(4, 6, torch.float64, seed=2)
    shifted = X + torch.tensor([[50.0], [-50.0], [0.0], [20.0]], dtype=torch.float64)
    assert_close(student.softmax(shifted), torch.softmax(X, dim=1), **tolerance(torch.float64))


@pytest.mark.describe(
    en="Large logits (around +1000 and -1000) give no inf or NaN: subtract each row's maximum",
    zh="很大的 logits（约 +1000 与 -1000）不产生 inf 或 NaN：先减去每行的最大值",
)
@pytest.mark.concepts("linear-softmax-naive-softmax-overflow", "linear-softmax-subtract-max")
def test_large_logits_are_stable(student):
    X = torch.tensor([[1000.0, 1001.0, 999.0], [-1000.0, -1002.0, -1001.0]])
    Y = assert_tensor(student.softmax(X), shape=(2, 3), dtype=torch.float32)
    assert_finite(Y)
    assert_close(Y, torch.softmax(X, dim=1), **tolerance(torch.float32))


@pytest.mark.describe(
    en="Rows on very different scales ([1000, ...] and [0, ...]) are each stable: the maximum is per row",
    zh="尺度差异很大的行（[1000, ...] 与 [0, ...]）各自都稳定：最大值按行取",
)
@pytest.mark.concepts("numerical-stability-stable-softmax")
def test_row_maximum_not_global_maximum(student):
    X = torch.tensor([[1000.0, 1001.0, 999.0], [0.0, 1.0, -1.0]])
    Y = assert_tensor(student.softmax(X), shape=(2, 3), dtype=torch.float32)
    assert_finite(Y)
    assert_close(Y, torch.softmax(X, dim=1), **tolerance(torch.float32))


@pytest.mark.describe(
    en="A single row (1, q) and a single class (n, 1) work",
    zh="只有一行 (1, q) 或只有一个类别 (n, 1) 时也能工作",
)
def test_edge_shapes(student):
    for X in (logits(1, 5, seed=3), logits(4, 1, seed=4)):
        assert_close(student.softmax(X), torch.softmax(X, dim=1), **tolerance(torch.float32))


@pytest.mark.describe(
    en="Gradients flow back to X (the gradient of sum(softmax) is 0: every row sums to 1)",
    zh="梯度能传回 X（sum(softmax) 的梯度为 0：每行之和恒为 1）",
)
def test_gradient_flows_to_x(student):
    X = logits(3, 4, torch.float64, seed=5).requires_grad_()
    outcome = student.call("softmax", X, backward=True)
    assert outcome.grads[0] is not None, "no gradient reached X: use tensor operations only"
    assert_close(
        outcome.grads[0],
        torch.zeros(3, 4, dtype=torch.float64),
        rtol=0,
        atol=1e-12,
        what="the gradient of X",
    )


@pytest.mark.describe(
    en="X is left as it was (no in-place exp or subtraction)",
    zh="X 保持不变（不要原地做 exp 或减法）",
)
def test_input_is_not_modified(student):
    X = logits(3, 4, seed=6)
    outcome = student.call("softmax", X)
    assert_close(outcome.args[0], X, rtol=0, atol=0, what="X after the call")

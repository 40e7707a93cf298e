"""Hidden tests of pool2d(X, pool_size, mode='max'): d2l's from-scratch pooling, stride 1, no padding.

Expected values come from F.max_pool2d / F.avg_pool2d with stride=1, computed here in the
grader; every test checks the result's shape and dtype before its values.
"""

import pytest
import torch
from torch.nn import functional as F

from dlprep.grader.checks import assert_close, assert_tensor

TOLERANCE = {"rtol": 1e-5, "atol": 1e-5}
POOLS = {"max": F.max_pool2d, "avg": F.avg_pool2d}


def expected_pool2d(X, pool_size, mode):
    return POOLS[mode](X.reshape(1, 1, *X.shape), pool_size, stride=1)[0, 0]


def random_matrix(shape, seed):
    return torch.randn(shape, generator=torch.Generator().manual_seed(seed))


@pytest.mark.describe(
    en="the worked example: X = 0..8 as 3x3 with a 2x2 window gives [[4, 5], [7, 8]] (max) and [[2, 3], [5, 6]] (avg)",
    zh="示例：3x3 的 X = 0..8、2x2 窗口，最大汇聚得 [[4, 5], [7, 8]]，平均汇聚得 [[2, 3], [5, 6]]",
)
@pytest.mark.concepts("cnn-pool2d-values")
def test_worked_example_from_the_prompt(student):
    X = torch.arange(9.0).reshape(3, 3)
    Y_max = assert_tensor(student.pool2d(X, (2, 2), "max"), shape=(2, 2), dtype=torch.float32)
    assert_close(Y_max, torch.tensor([[4.0, 5.0], [7.0, 8.0]]), **TOLERANCE, what="max pooling")
    Y_avg = assert_tensor(student.pool2d(X, (2, 2), "avg"), shape=(2, 2), dtype=torch.float32)
    assert_close(Y_avg, torch.tensor([[2.0, 3.0], [5.0, 6.0]]), **TOLERANCE, what="avg pooling")


@pytest.mark.describe(
    en="mode defaults to 'max'",
    zh="mode 的默认值是 'max'",
)
@pytest.mark.concepts("cnn-pooling-basics")
def test_default_mode_is_max(student):
    X = random_matrix((4, 5), seed=1)
    Y = assert_tensor(student.pool2d(X, (2, 2)), shape=(3, 4), dtype=torch.float32)
    assert_close(Y, expected_pool2d(X, (2, 2), "max"), **TOLERANCE)


@pytest.mark.describe(
    en="matches F.max_pool2d / F.avg_pool2d with stride 1 for square and non-square windows",
    zh="对正方形和非正方形窗口都与 stride=1 的 F.max_pool2d / F.avg_pool2d 一致",
)
@pytest.mark.concepts("cnn-pooling-basics")
@pytest.mark.parametrize("mode", ["max", "avg"])
@pytest.mark.parametrize(
    ("x_shape", "pool_size"),
    [((5, 5), (3, 3)), ((6, 7), (2, 3)), ((5, 4), (3, 1)), ((4, 6), (1, 2))],
    ids=["3x3 on 5x5", "2x3 on 6x7", "3x1 on 5x4", "1x2 on 4x6"],
)
def test_matches_torch_pooling_with_stride_one(student, x_shape, pool_size, mode):
    X = random_matrix(x_shape, seed=sum(x_shape) + sum(pool_size))
    expected = expected_pool2d(X, pool_size, mode)
    Y = assert_tensor(student.pool2d(X, pool_size, mode), shape=expected.shape, dtype=torch.float32)
    assert_close(Y, expected, **TOLERANCE)


@pytest.mark.describe(
    en="the stride is 1, not the window size: a 2x2 window on 4x4 gives 3x3 (nn.MaxPool2d(2) would give 2x2)",
    zh="步幅为 1 而不是窗口大小：4x4 输入配 2x2 窗口得到 3x3（nn.MaxPool2d(2) 会得到 2x2）",
)
@pytest.mark.concepts("cnn-maxpool-default-stride-choice")
def test_stride_is_one_not_the_window_size(student):
    X = torch.arange(16.0).reshape(4, 4)
    Y = assert_tensor(student.pool2d(X, (2, 2), "max"), shape=(3, 3), dtype=torch.float32)
    assert_close(Y, torch.tensor([[5.0, 6.0, 7.0], [9.0, 10.0, 11.0], [13.0, 14.0, 15.0]]))


@pytest.mark.describe(
    en="gradients reach X: to each window's maximum (max) or evenly spread (avg)",
    zh="梯度能传到 X：流向每个窗口的最大值（max），或平均分配（avg）",
)
@pytest.mark.concepts("cnn-pooling-gradient")
@pytest.mark.parametrize("mode", ["max", "avg"])
def test_gradient_flows_back_to_x(student, mode):
    X = random_matrix((5, 6), seed=7).requires_grad_()
    outcome = student.call("pool2d", X, (2, 3), mode, backward=True)
    assert_tensor(outcome.value, shape=(4, 4), dtype=torch.float32)
    expected_pool2d(X, (2, 3), mode).sum().backward()
    grad = outcome.grads[0]
    assert grad is not None, "no gradient reached X: build Y from X with tensor operations"
    assert_close(grad, X.grad, **TOLERANCE, what="the gradient of X")


@pytest.mark.describe(
    en="X is left as it was",
    zh="X 保持不变",
)
def test_x_is_not_modified(student):
    X = random_matrix((5, 5), seed=3)
    outcome = student.call("pool2d", X, (2, 2), "avg")
    assert_tensor(outcome.value, shape=(4, 4), dtype=torch.float32)
    assert_close(outcome.args[0], X, rtol=0, atol=0, what="X after the call")

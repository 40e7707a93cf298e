"""Hidden tests of corr2d(X, K): d2l's 2-D cross-correlation (no padding, stride 1, no kernel flip).

Expected values come from torch.nn.functional.conv2d, computed here in the grader; every
test checks the result's shape and dtype before its values.
"""

import pytest
import torch
from torch.nn import functional as F

from dlprep.grader.checks import assert_close, assert_tensor

TOLERANCE = {"rtol": 1e-5, "atol": 1e-5}


def expected_corr2d(X, K):
    """Cross-correlation as a convolutional layer computes it (conv2d does not flip the kernel)."""
    return F.conv2d(X.reshape(1, 1, *X.shape), K.reshape(1, 1, *K.shape))[0, 0]


def random_pair(x_shape, k_shape, seed):
    generator = torch.Generator().manual_seed(seed)
    return torch.randn(x_shape, generator=generator), torch.randn(k_shape, generator=generator)


@pytest.mark.describe(
    en="the worked example: X = 0..8 as 3x3, K = [[0, 1], [2, 3]] gives [[19, 25], [37, 43]]",
    zh="示例：X 为 3x3 的 0..8，K = [[0, 1], [2, 3]]，结果为 [[19, 25], [37, 43]]",
)
@pytest.mark.concepts("cnn-corr2d-formula")
def test_worked_example_from_the_prompt(student):
    X = torch.arange(9.0).reshape(3, 3)
    K = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
    Y = assert_tensor(student.corr2d(X, K), shape=(2, 2), dtype=torch.float32)
    assert_close(Y, torch.tensor([[19.0, 25.0], [37.0, 43.0]]), **TOLERANCE)


@pytest.mark.describe(
    en="matches F.conv2d for square and non-square inputs and kernels; shape (h - kh + 1, w - kw + 1)",
    zh="对正方形和非正方形的输入与卷积核都与 F.conv2d 一致；形状为 (h - kh + 1, w - kw + 1)",
)
@pytest.mark.concepts("cnn-corr2d-formula")
@pytest.mark.parametrize(
    ("x_shape", "k_shape"),
    [((5, 5), (3, 3)), ((7, 9), (2, 3)), ((6, 4), (3, 1)), ((4, 6), (1, 4)), ((5, 3), (1, 1))],
    ids=["3x3 on 5x5", "2x3 on 7x9", "3x1 on 6x4", "1x4 on 4x6", "1x1 on 5x3"],
)
def test_matches_conv2d_for_many_shapes(student, x_shape, k_shape):
    X, K = random_pair(x_shape, k_shape, seed=sum(x_shape) + sum(k_shape))
    expected = expected_corr2d(X, K)
    Y = assert_tensor(student.corr2d(X, K), shape=expected.shape, dtype=torch.float32)
    assert_close(Y, expected, **TOLERANCE)


@pytest.mark.describe(
    en="a kernel as large as X gives a 1x1 result: the sum of X * K",
    zh="与 X 一样大的卷积核得到 1x1 的结果：X * K 的总和",
)
def test_kernel_as_large_as_the_input(student):
    X, K = random_pair((3, 4), (3, 4), seed=11)
    Y = assert_tensor(student.corr2d(X, K), shape=(1, 1), dtype=torch.float32)
    assert_close(Y, (X * K).sum().reshape(1, 1), **TOLERANCE)


@pytest.mark.describe(
    en="the kernel is not flipped: an asymmetric kernel gives the cross-correlation, not the convolution",
    zh="卷积核不翻转：非对称卷积核给出互相关的结果，而不是数学上的卷积",
)
@pytest.mark.concepts("cnn-no-kernel-flip-choice")
def test_kernel_is_not_flipped(student):
    X = torch.arange(16.0).reshape(4, 4)
    K = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    Y = assert_tensor(student.corr2d(X, K), shape=(3, 3), dtype=torch.float32)
    flipped = expected_corr2d(X, K.flip(0, 1))
    assert not torch.allclose(Y, flipped), "the result is the convolution with the flipped kernel"
    assert_close(Y, expected_corr2d(X, K), **TOLERANCE)


@pytest.mark.describe(
    en="edge detector K = [[1, -1]] on the 6x8 stripe image: 1 at column 1, -1 at column 5",
    zh="边缘检测核 K = [[1, -1]] 作用于 6x8 条纹图像：第 1 列为 1，第 5 列为 -1",
)
@pytest.mark.concepts("cnn-learn-edge-kernel")
def test_edge_detector_on_stripes(student):
    X = torch.ones(6, 8)
    X[:, 2:6] = 0
    K = torch.tensor([[1.0, -1.0]])
    expected = torch.zeros(6, 7)
    expected[:, 1], expected[:, 5] = 1.0, -1.0
    Y = assert_tensor(student.corr2d(X, K), shape=(6, 7), dtype=torch.float32)
    assert_close(Y, expected, rtol=0, atol=0)
    transposed = assert_tensor(student.corr2d(X.t(), K), shape=(8, 5), dtype=torch.float32)
    assert_close(transposed, torch.zeros(8, 5), rtol=0, atol=0, what="corr2d(X.t(), K)")


@pytest.mark.describe(
    en="gradients reach K and X: d(sum Y)/dK[a, b] is the sum of the window of X it multiplies",
    zh="梯度能传到 K 和 X：d(sum Y)/dK[a, b] 等于它所乘的 X 窗口之和",
)
@pytest.mark.concepts("cnn-learn-edge-kernel")
def test_gradient_flows_to_the_kernel(student):
    X, K = random_pair((5, 6), (2, 3), seed=5)
    X.requires_grad_()
    K.requires_grad_()
    outcome = student.call("corr2d", X, K, backward=True)
    assert_tensor(outcome.value, shape=(4, 4), dtype=torch.float32)
    expected_corr2d(X, K).sum().backward()
    grad_x, grad_k = outcome.grads
    assert grad_k is not None, "no gradient reached K: build Y from X and K with tensor operations"
    assert_close(grad_k, K.grad, **TOLERANCE, what="the gradient of K")
    assert grad_x is not None, "no gradient reached X"
    assert_close(grad_x, X.grad, **TOLERANCE, what="the gradient of X")


@pytest.mark.describe(
    en="X and K are left as they were",
    zh="X 和 K 保持不变",
)
def test_inputs_are_not_modified(student):
    X, K = random_pair((5, 5), (2, 2), seed=9)
    outcome = student.call("corr2d", X, K)
    assert_tensor(outcome.value, shape=(4, 4), dtype=torch.float32)
    assert_close(outcome.args[0], X, rtol=0, atol=0, what="X after the call")
    assert_close(outcome.args[1], K, rtol=0, atol=0, what="K after the call")

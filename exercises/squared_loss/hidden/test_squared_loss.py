"""Hidden tests of squared_loss(y_hat, y): d2l's per-example (y_hat - y.reshape(y_hat.shape))**2 / 2.

Expected values are computed here, in the grader, in float64.
"""

import pytest
import torch

from dlprep.grader.checks import assert_close, assert_tensor

DTYPES = pytest.mark.parametrize(
    "dtype", [torch.float32, torch.float64], ids=["float32", "float64"]
)


def tolerance(dtype):
    return (
        {"rtol": 1e-5, "atol": 1e-6} if dtype == torch.float32 else {"rtol": 1e-12, "atol": 1e-12}
    )


def batch(n, dtype=torch.float32, seed=0):
    generator = torch.Generator().manual_seed(seed)
    y_hat = torch.randn(n, 1, generator=generator, dtype=torch.float64) * 3
    y = torch.randn(n, generator=generator, dtype=torch.float64) * 3
    return y_hat.to(dtype), y.to(dtype)


def expected(y_hat, y):
    return ((y_hat.double() - y.double().reshape(-1, 1)) ** 2 / 2).to(y_hat.dtype)


@pytest.mark.describe(
    en="The prompt's example: y_hat [[1], [2], [4]] and y [1.5, 2, 1] give [[0.125], [0], [4.5]]",
    zh="题目中的示例：y_hat [[1], [2], [4]] 与 y [1.5, 2, 1] 得到 [[0.125], [0], [4.5]]",
)
@pytest.mark.concepts("losses-squared-loss-d2l")
def test_worked_example(student):
    loss = student.squared_loss(torch.tensor([[1.0], [2.0], [4.0]]), torch.tensor([1.5, 2.0, 1.0]))
    assert_close(loss, torch.tensor([[0.125], [0.0], [4.5]]), **tolerance(torch.float32))


@pytest.mark.describe(
    en="y given as a vector (n,) is reshaped: the loss has shape (n, 1), never (n, n)",
    zh="以向量 (n,) 给出的 y 会被 reshape：损失形状为 (n, 1)，而不是 (n, n)",
)
@pytest.mark.concepts("shapes-loss-broadcast-trap")
def test_vector_labels_do_not_broadcast(student):
    y_hat, y = batch(10)
    loss = assert_tensor(student.squared_loss(y_hat, y), shape=(10, 1), dtype=torch.float32)
    assert_close(loss, expected(y_hat, y), **tolerance(torch.float32))


@DTYPES
@pytest.mark.describe(
    en="y given as a column (n, 1) works too, and y_hat's dtype is kept (float32 and float64)",
    zh="以列向量 (n, 1) 给出的 y 也可以，且保持 y_hat 的 dtype（float32 与 float64）",
)
def test_column_labels_and_dtype(student, dtype):
    y_hat, y = batch(16, dtype, seed=1)
    loss = assert_tensor(student.squared_loss(y_hat, y.reshape(-1, 1)), shape=(16, 1), dtype=dtype)
    assert_close(loss, expected(y_hat, y), **tolerance(dtype))


@pytest.mark.describe(
    en="The loss includes the 1/2: a difference of 2 gives 2, not 4",
    zh="损失包含 1/2：差为 2 时损失是 2，而不是 4",
)
@pytest.mark.concepts("linear-softmax-mse-vs-half-squared")
def test_includes_the_half(student):
    loss = student.squared_loss(torch.tensor([[3.0], [-1.0]]), torch.tensor([1.0, 1.0]))
    assert_close(loss, torch.tensor([[2.0], [2.0]]), **tolerance(torch.float32))


@pytest.mark.describe(
    en="The gradient of sum(loss) with respect to y_hat is y_hat - y",
    zh="sum(loss) 对 y_hat 的梯度是 y_hat - y",
)
@pytest.mark.concepts("linear-softmax-mse-vs-half-squared")
def test_gradient_is_the_residual(student):
    y_hat, y = batch(8, torch.float64, seed=2)
    y_hat.requires_grad_()
    outcome = student.call("squared_loss", y_hat, y, backward=True)
    assert outcome.grads[0] is not None, "no gradient reached y_hat: use tensor operations on y_hat"
    residual = y_hat.detach() - y.reshape(-1, 1)
    assert_close(
        outcome.grads[0], residual, what="the gradient of y_hat", **tolerance(torch.float64)
    )


@pytest.mark.describe(
    en="y_hat and y are left as they were",
    zh="y_hat 和 y 保持不变",
)
def test_inputs_are_not_modified(student):
    y_hat, y = batch(5, seed=3)
    outcome = student.call("squared_loss", y_hat, y)
    assert_close(outcome.args[0], y_hat, rtol=0, atol=0, what="y_hat after the call")
    assert_close(outcome.args[1], y, rtol=0, atol=0, what="y after the call")

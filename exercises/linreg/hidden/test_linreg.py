"""Hidden tests of linreg(X, w, b): d2l's model torch.matmul(X, w) + b with w (d, 1), b (1,).

Expected values are computed here, in the grader, in float64.
"""

import pytest
import torch

from dlprep.grader.checks import assert_close, assert_tensor
from dlprep.grader.protocol import Build

DTYPES = pytest.mark.parametrize(
    "dtype", [torch.float32, torch.float64], ids=["float32", "float64"]
)


def tolerance(dtype):
    return (
        {"rtol": 1e-5, "atol": 1e-6} if dtype == torch.float32 else {"rtol": 1e-12, "atol": 1e-12}
    )


def inputs(n, d, dtype=torch.float32, seed=0):
    generator = torch.Generator().manual_seed(seed)
    X = torch.randn(n, d, generator=generator, dtype=torch.float64)
    w = torch.randn(d, 1, generator=generator, dtype=torch.float64)
    b = torch.randn(1, generator=generator, dtype=torch.float64)
    return X.to(dtype), w.to(dtype), b.to(dtype)


def expected(X, w, b):
    return (X.double() @ w.double() + b.double()).to(X.dtype)


@pytest.mark.describe(
    en="The prompt's example: X (3, 2), w = [[2], [-3.4]], b = [4.2] gives [[-0.6], [-3.4], [-6.2]]",
    zh="题目中的示例：X (3, 2)、w = [[2], [-3.4]]、b = [4.2] 得到 [[-0.6], [-3.4], [-6.2]]",
)
def test_worked_example(student):
    X = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    y_hat = student.linreg(X, torch.tensor([[2.0], [-3.4]]), torch.tensor([4.2]))
    assert_close(y_hat, torch.tensor([[-0.6], [-3.4], [-6.2]]), rtol=1e-5, atol=1e-5)


@DTYPES
@pytest.mark.describe(
    en="Equals X @ w + b with shape (n, 1) and the inputs' dtype (float32 and float64)",
    zh="结果等于 X @ w + b，形状为 (n, 1)，dtype 与输入相同（float32 与 float64）",
)
@pytest.mark.concepts("linear-softmax-linreg-one-layer")
def test_matches_matrix_product_plus_bias(student, dtype):
    X, w, b = inputs(32, 5, dtype)
    y_hat = assert_tensor(student.linreg(X, w, b), shape=(32, 1), dtype=dtype)
    assert_close(y_hat, expected(X, w, b), **tolerance(dtype))


@pytest.mark.describe(
    en="b of shape (1,) is broadcast to every row; a 0-d b works too",
    zh="形状为 (1,) 的 b 被广播到每一行；0 维的 b 也可以",
)
@pytest.mark.concepts("tensors-autograd-matmul-broadcast-choice")
def test_bias_broadcasts(student):
    X, w, _ = inputs(4, 3)
    for b in (torch.tensor([2.5]), torch.tensor(2.5)):
        y_hat = assert_tensor(student.linreg(X, w, b), shape=(4, 1), dtype=torch.float32)
        assert_close(y_hat, expected(X, w, torch.tensor([2.5])), **tolerance(torch.float32))


@pytest.mark.describe(
    en="A batch of one example gives shape (1, 1)",
    zh="只有一个样本的批量得到形状 (1, 1)",
)
def test_single_example(student):
    X, w, b = inputs(1, 2)
    assert_close(student.linreg(X, w, b), expected(X, w, b), **tolerance(torch.float32))


@pytest.mark.describe(
    en="Gradients of sum(y_hat) reach w (X summed over rows) and b (n)",
    zh="sum(y_hat) 的梯度能传到 w（X 按行求和）和 b（等于 n）",
)
@pytest.mark.concepts("linear-softmax-linreg-one-layer")
def test_gradients_reach_w_and_b(student):
    X, w, b = inputs(10, 3, torch.float64)
    w.requires_grad_()
    b.requires_grad_()
    outcome = student.call("linreg", X, w, b, backward=True)
    grad_w, grad_b = outcome.grads[1], outcome.grads[2]
    assert grad_w is not None, "no gradient reached w: use w itself, not w.data or a detached copy"
    assert grad_b is not None, "no gradient reached b: use b itself, not b.data or a detached copy"
    assert_close(
        grad_w, X.sum(dim=0).reshape(3, 1), what="the gradient of w", **tolerance(torch.float64)
    )
    assert_close(
        grad_b,
        torch.tensor([10.0], dtype=torch.float64),
        what="the gradient of b",
        **tolerance(torch.float64),
    )


@pytest.mark.describe(
    en="X, w and b are left as they were",
    zh="X、w 和 b 保持不变",
)
def test_inputs_are_not_modified(student):
    X, w, b = inputs(6, 2)
    outcome = student.call("linreg", X, w, b)
    for name, before, after in zip(("X", "w", "b"), (X, w, b), outcome.args, strict=True):
        assert_close(after, before, rtol=0, atol=0, what=f"{name} after the call")


@pytest.mark.describe(
    en="Inputs on a CUDA device give a result there", zh="输入在 CUDA 设备上时结果也在该设备上"
)
def test_cuda_inputs(student, device):
    if device != "cuda":  # the grading device (--device), not just the parent's hardware
        pytest.skip("grading on the CPU")
    X, w, b = inputs(4, 2)
    y_hat = student.linreg(*(Build("to_device", tensor=t) for t in (X, w, b)))
    assert_tensor(y_hat, shape=(4, 1), dtype=torch.float32, device="cuda")

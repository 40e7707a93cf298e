"""Hidden tests of relu(X): element-wise max(X, 0), d2l's torch.max(X, torch.zeros_like(X)).

ReLU only selects values, so results are compared exactly.
"""

import pytest
import torch

from dlprep.grader.checks import assert_close, assert_tensor
from dlprep.grader.protocol import Build

EXACT = {"rtol": 0, "atol": 0}


def signed(shape, dtype=torch.float32, seed=0):
    """Random values away from 0 (|x| >= 0.1), about half of them negative."""
    generator = torch.Generator().manual_seed(seed)
    X = torch.randn(shape, generator=generator, dtype=torch.float64)
    return (X + 0.1 * torch.sign(X)).to(dtype)


@pytest.mark.describe(
    en="The prompt's example: negatives become 0, the rest is kept",
    zh="题目中的示例：负数变为 0，其余保持不变",
)
@pytest.mark.concepts("mlp-activations-relu-from-scratch")
def test_worked_example(student):
    X = torch.tensor([[-2.0, -0.5, 0.0], [0.5, 1.0, 3.0]])
    assert_close(student.relu(X), torch.tensor([[0.0, 0.0, 0.0], [0.5, 1.0, 3.0]]), **EXACT)


@pytest.mark.parametrize("shape", [(7,), (16, 32), (2, 3, 4, 5)], ids=["1-D", "2-D", "4-D"])
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64], ids=["float32", "float64"])
@pytest.mark.describe(
    en="Any shape and dtype: the result is max(X, 0) with X's shape and dtype",
    zh="任意形状与 dtype：结果是 max(X, 0)，形状和 dtype 与 X 相同",
)
def test_any_shape_and_dtype(student, shape, dtype):
    X = signed(shape, dtype, seed=1)
    Y = assert_tensor(student.relu(X), shape=shape, dtype=dtype, device="cpu")
    assert_close(Y, torch.where(X > 0, X, torch.zeros_like(X)), **EXACT)


@pytest.mark.describe(
    en="The gradient of sum(relu(X)) is 1 where X > 0 and 0 where X < 0",
    zh="sum(relu(X)) 的梯度在 X > 0 处为 1，在 X < 0 处为 0",
)
@pytest.mark.concepts("mlp-activations-relu-why")
def test_gradient_is_a_step(student):
    X = signed((8, 8), torch.float64, seed=2).requires_grad_()
    outcome = student.call("relu", X, backward=True)
    assert outcome.grads[0] is not None, "no gradient reached X: use tensor operations only"
    assert_close(outcome.grads[0], (X.detach() > 0).double(), what="the gradient of X", **EXACT)


@pytest.mark.describe(
    en="X is left as it was (no in-place clamp or masking of the input)",
    zh="X 保持不变（不要对输入原地 clamp 或赋值）",
)
def test_input_is_not_modified(student):
    X = signed((4, 5), seed=3)
    outcome = student.call("relu", X)
    assert_close(outcome.args[0], X, what="X after the call", **EXACT)


@pytest.mark.describe(
    en="A CUDA X gives a CUDA result (zeros_like makes the zeros on X's device)",
    zh="CUDA 上的 X 得到 CUDA 上的结果（zeros_like 在 X 的设备上生成零）",
)
def test_cuda_input(student, device):
    if device != "cuda":  # the grading device (--device), not just the parent's hardware
        pytest.skip("grading on the CPU")
    Y = student.relu(Build("to_device", tensor=signed((4, 4), seed=4)))
    assert_tensor(Y, shape=(4, 4), dtype=torch.float32, device="cuda")

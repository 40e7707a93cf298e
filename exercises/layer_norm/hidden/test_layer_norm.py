"""Hidden tests of layer_norm(X, gamma, beta, eps=1e-5): per-row normalisation over the last axis.

Expected values come from F.layer_norm(X, (d,), gamma, beta, eps), computed here, in the grader.
"""

import pytest
import torch
from torch.nn import functional as F

from dlprep.grader.checks import assert_close, assert_finite, assert_tensor

EPS = 1e-5
DTYPES = pytest.mark.parametrize(
    "dtype", [torch.float32, torch.float64], ids=["float32", "float64"]
)


def tolerance(dtype):
    return {"rtol": 0, "atol": 1e-5} if dtype == torch.float32 else {"rtol": 0, "atol": 1e-10}


def make_inputs(shape, dtype=torch.float32, seed=0):
    """X with rows of different means and scales; gamma, beta that differ per feature."""
    generator = torch.Generator().manual_seed(seed)
    d = shape[-1]
    X = torch.randn(shape, generator=generator, dtype=torch.float64) * 3 + 2
    gamma = torch.rand(d, generator=generator, dtype=torch.float64) + 0.5
    beta = torch.randn(d, generator=generator, dtype=torch.float64)
    return X.to(dtype), gamma.to(dtype), beta.to(dtype)


def expected(X, gamma, beta, eps=EPS):
    return F.layer_norm(X, (X.shape[-1],), gamma, beta, eps)


@pytest.mark.describe(
    en="d2l's example [[1, 2], [2, 3]] with gamma = 1, beta = 0 gives [[-1, 1], [-1, 1]] (not batch norm's [[-1, -1], [1, 1]])",
    zh="d2l 的示例 [[1, 2], [2, 3]]、gamma = 1、beta = 0 得到 [[-1, 1], [-1, 1]]（不是批量归一化的 [[-1, -1], [1, 1]]）",
)
@pytest.mark.concepts("attention-layernorm-vs-batchnorm-example")
def test_worked_example(student):
    X = torch.tensor([[1.0, 2.0], [2.0, 3.0]])
    Y = student.layer_norm(X, torch.ones(2), torch.zeros(2), EPS)
    assert_tensor(Y, shape=(2, 2), dtype=torch.float32)
    assert_close(Y, torch.tensor([[-1.0, 1.0], [-1.0, 1.0]]), rtol=0, atol=1e-3)


@pytest.mark.parametrize("shape", [(6, 5), (4, 5, 8)], ids=["2-D", "3-D"])
@DTYPES
@pytest.mark.describe(
    en="On random (batch, d) and (batch, num_steps, d) inputs: equals F.layer_norm over the last axis",
    zh="在随机的 (batch, d) 和 (batch, num_steps, d) 输入上：等于沿最后一个轴的 F.layer_norm",
)
@pytest.mark.concepts("attention-layernorm-normalized-shape")
def test_matches_pytorch_layer_norm(student, shape, dtype):
    X, gamma, beta = make_inputs(shape, dtype)
    Y = assert_tensor(student.layer_norm(X, gamma, beta, EPS), shape=shape, dtype=dtype)
    assert_close(Y, expected(X, gamma, beta), **tolerance(dtype))


@pytest.mark.describe(
    en="With gamma = 1, beta = 0 every row has mean 0 and biased variance 1 (within 1e-4)",
    zh="gamma = 1、beta = 0 时每行均值为 0、有偏方差为 1（误差不超过 1e-4）",
)
def test_rows_have_mean_zero_and_variance_one(student):
    X, _, _ = make_inputs((7, 6), torch.float64, seed=1)
    Y = student.layer_norm(
        X, torch.ones(6, dtype=torch.float64), torch.zeros(6, dtype=torch.float64), EPS
    )
    assert_tensor(Y, shape=(7, 6), dtype=torch.float64)
    assert_close(
        Y.mean(dim=-1), torch.zeros(7, dtype=torch.float64), rtol=0, atol=1e-4, what="row means"
    )
    variance = Y.var(dim=-1, unbiased=False)
    assert_close(
        variance, torch.ones(7, dtype=torch.float64), rtol=0, atol=1e-4, what="row variances"
    )


@pytest.mark.describe(
    en="A row gives the same result alone as inside a batch of 8 (no batch statistics)",
    zh="一行单独输入与放在 8 行的批量中结果相同（不用批量统计量）",
)
@pytest.mark.concepts("attention-why-layernorm-in-transformers")
def test_independent_of_the_batch(student):
    X, gamma, beta = make_inputs((8, 5), seed=2)
    batch = assert_tensor(
        student.layer_norm(X, gamma, beta, EPS), shape=(8, 5), dtype=torch.float32
    )
    alone = assert_tensor(
        student.layer_norm(X[3:4], gamma, beta, EPS), shape=(1, 5), dtype=torch.float32
    )
    assert_close(alone, batch[3:4], rtol=0, atol=1e-6, what="row 3 normalised alone")


@pytest.mark.describe(
    en="Scaling the input by 100 does not change the output (within 1e-4)",
    zh="把输入乘以 100 不改变输出（误差不超过 1e-4）",
)
def test_invariant_to_scaling_the_input(student):
    X, gamma, beta = make_inputs((5, 6), torch.float64, seed=3)
    small = assert_tensor(
        student.layer_norm(X, gamma, beta, EPS), shape=(5, 6), dtype=torch.float64
    )
    large = assert_tensor(
        student.layer_norm(100 * X, gamma, beta, EPS), shape=(5, 6), dtype=torch.float64
    )
    assert_close(large, small, rtol=0, atol=1e-4, what="LN(100 X) compared with LN(X)")


@pytest.mark.describe(
    en="gamma and beta scale and shift each feature (column), the same for every row",
    zh="gamma 和 beta 对每个特征（列）缩放和偏移，所有行相同",
)
def test_gamma_and_beta_are_per_feature(student):
    X, gamma, beta = make_inputs((4, 4), seed=4)  # square: per-row gamma broadcasts without error
    Y = assert_tensor(student.layer_norm(X, gamma, beta, EPS), shape=(4, 4), dtype=torch.float32)
    assert_close(Y, expected(X, gamma, beta), **tolerance(torch.float32))


@pytest.mark.describe(
    en="A constant row (variance 0) comes out as beta and is finite",
    zh="常数行（方差为 0）的结果等于 beta，且是有限值",
)
def test_constant_row_gives_beta(student):
    X, gamma, beta = make_inputs((3, 5), seed=5)
    X[1] = 4.0
    Y = assert_tensor(student.layer_norm(X, gamma, beta, EPS), shape=(3, 5), dtype=torch.float32)
    assert_finite(Y)
    assert_close(Y[1], beta, rtol=0, atol=1e-5, what="the constant row")


@pytest.mark.describe(
    en="eps defaults to 1e-5 and goes inside the square root: a row of variance 2.5e-7 gives +-0.156, not +-1",
    zh="eps 默认为 1e-5 且在平方根里面：方差为 2.5e-7 的行得到 ±0.156，而不是 ±1",
)
def test_eps_default_inside_the_square_root(student):
    X = torch.tensor([[0.0, 1e-3], [1.0, 3.0]], dtype=torch.float64)
    gamma, beta = torch.ones(2, dtype=torch.float64), torch.zeros(2, dtype=torch.float64)
    Y = assert_tensor(student.layer_norm(X, gamma, beta), shape=(2, 2), dtype=torch.float64)
    assert_close(Y, expected(X, gamma, beta), rtol=0, atol=1e-10)


@pytest.mark.describe(
    en="Gradients of sum(Y) with respect to X, gamma and beta equal autograd of PyTorch's layer norm",
    zh="sum(Y) 对 X、gamma、beta 的梯度等于 PyTorch 层规范化经自动微分得到的梯度",
)
def test_gradients(student):
    X, gamma, beta = (t.requires_grad_() for t in make_inputs((4, 3, 6), torch.float64, seed=6))
    outcome = student.call("layer_norm", X, gamma, beta, EPS, backward=True)
    assert_tensor(outcome.value, shape=(4, 3, 6), dtype=torch.float64)
    expected(X, gamma, beta).sum().backward()
    for name, tensor, grad in zip(
        ("X", "gamma", "beta"), (X, gamma, beta), outcome.grads[:3], strict=True
    ):
        assert grad is not None, f"no gradient reached {name}"
        assert_close(grad, tensor.grad, rtol=0, atol=1e-8, what=f"the gradient of {name}")


@pytest.mark.describe(
    en="X, gamma and beta are left as they were",
    zh="X、gamma 和 beta 保持不变",
)
def test_inputs_are_not_modified(student):
    inputs = make_inputs((3, 4), seed=7)
    outcome = student.call("layer_norm", *inputs, EPS)
    assert_tensor(outcome.value, shape=(3, 4), dtype=torch.float32)
    for name, before, after in zip(("X", "gamma", "beta"), inputs, outcome.args[:3], strict=True):
        assert_close(after, before, rtol=0, atol=0, what=f"{name} after the call")

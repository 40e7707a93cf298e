"""Hidden tests of numerical_grad(f, x, h=1e-5): central differences, one coordinate at a time.

Functions cannot cross the sandbox, so f is `Build("scalar_fn", function=...)`: a named test function
in dlprep_child/builders.py that counts its calls in a buffer; it comes back as its state_dict
in `outcome.args[0]`. Expected gradients come from autograd on the same function, here.
"""

import pytest
import torch
from torch.nn import functional as F

from dlprep.grader.checks import assert_close, assert_tensor
from dlprep.grader.protocol import Build

F64 = torch.float64
# Central differences in float64 with h = 1e-5: truncation ~h^2 |f'''| / 6 ~ 1e-11 and rounding
# ~1e-16 |f| / h ~ 1e-11, far below the 1e-7 relative tolerance (a forward difference is ~1e-5 off).
RTOL, ATOL = 1e-7, 1e-9


def point(shape, seed=0):
    generator = torch.Generator().manual_seed(seed)
    return torch.randn(shape, generator=generator, dtype=F64)


def autograd_gradient(function, x):
    x = x.clone().requires_grad_()
    function(x).backward()
    return x.grad


def sin_x_squared(x):
    return (torch.sin(x) * x**2).sum()


@pytest.mark.describe(
    en="The prompt's example: sin(x) * x**2 summed at [0.5, -1, 2] gives cos(x) x^2 + 2 x sin(x)",
    zh="题目中的示例：sin(x) * x**2 求和在 [0.5, -1, 2] 处的梯度为 cos(x) x^2 + 2 x sin(x)",
)
def test_worked_example(student):
    x = torch.tensor([0.5, -1.0, 2.0], dtype=F64)
    grad = student.numerical_grad(Build("scalar_fn", function="sin_x_squared"), x)
    assert_tensor(grad, shape=(3,), dtype=F64)
    want = torch.cos(x) * x**2 + 2 * x * torch.sin(x)
    assert_close(grad, want, rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("shape", [(7,), (2, 3), (2, 2, 3)], ids=["1-D", "2-D", "3-D"])
@pytest.mark.describe(
    en="For sin(x) * x**2 on 1-D, 2-D and 3-D x: x's shape and float64, equal to autograd (relative 1e-7)",
    zh="对 1 维、2 维、3 维 x 上的 sin(x) * x**2：形状与 x 相同、float64，等于自动微分的结果（相对误差 1e-7）",
)
@pytest.mark.concepts("scale-gradcheck-precision")
def test_matches_autograd_for_any_shape(student, shape):
    x = point(shape, seed=1)
    grad = student.numerical_grad(Build("scalar_fn", function="sin_x_squared"), x)
    assert_tensor(grad, shape=shape, dtype=F64)
    assert_close(grad, autograd_gradient(sin_x_squared, x), rtol=RTOL, atol=ATOL)


@pytest.mark.describe(
    en="For x @ A @ x with a non-symmetric A: equals autograd, (A + A^T) x (coordinates interact)",
    zh="对非对称 A 的 x @ A @ x：等于自动微分的结果 (A + A^T) x（各坐标相互影响）",
)
@pytest.mark.concepts("scale-gradcheck-pitfalls")
def test_quadratic_form(student):
    A, x = point((5, 5), seed=2), point((5,), seed=3)
    grad = student.numerical_grad(Build("scalar_fn", function="quadratic_form", A=A), x)
    assert_tensor(grad, shape=(5,), dtype=F64)
    assert_close(grad, (A + A.T) @ x, rtol=RTOL, atol=ATOL)


@pytest.mark.describe(
    en="For the softmax cross-entropy of a small linear model, the (4, 3) weight gradient equals autograd",
    zh="对一个小线性模型的 softmax 交叉熵，(4, 3) 权重的梯度等于自动微分的结果",
)
def test_softmax_cross_entropy_of_a_linear_model(student):
    features, W = point((6, 4), seed=4), point((4, 3), seed=5)
    labels = torch.tensor([0, 2, 1, 1, 0, 2])
    f = Build("scalar_fn", function="softmax_ce", features=features, labels=labels)
    grad = student.numerical_grad(f, W)
    assert_tensor(grad, shape=(4, 3), dtype=F64)
    want = autograd_gradient(lambda w: F.cross_entropy(features @ w, labels), W)
    assert_close(grad, want, rtol=RTOL, atol=ATOL)


@pytest.mark.describe(
    en="Central, not forward, differences: x^3 at x = 1 with h = 1e-3 gives 3.000001 (forward gives 3.003)",
    zh="用中心差分而不是前向差分：x^3 在 x = 1、h = 1e-3 时得到 3.000001（前向差分得到 3.003）",
)
@pytest.mark.concepts("scale-central-difference")
def test_central_not_forward_difference(student):
    x = torch.tensor([1.0], dtype=F64)
    grad = student.numerical_grad(Build("scalar_fn", function="cube"), x, h=1e-3)
    assert_tensor(grad, shape=(1,), dtype=F64)
    assert_close(grad, torch.tensor([3.000001], dtype=F64), rtol=0, atol=1e-9)


@pytest.mark.describe(
    en="f is called exactly 2 * x.numel() times (two evaluations per coordinate)",
    zh="f 恰好被调用 2 * x.numel() 次（每个坐标两次）",
)
def test_calls_f_twice_per_coordinate(student):
    x = point((3, 4), seed=6)
    outcome = student.call("numerical_grad", Build("scalar_fn", function="sum_of_squares"), x)
    assert_tensor(outcome.value, shape=(3, 4), dtype=F64)
    calls = int(outcome.args[0]["calls"])
    assert calls == 24, f"f was called {calls} times for 12 coordinates, expected 24"
    assert_close(outcome.value, 2 * x, rtol=RTOL, atol=ATOL)


@pytest.mark.describe(
    en="The caller's x is left exactly as it was (not perturbed, not shifted)",
    zh="调用者的 x 完全保持原样（没有被扰动，也没有被平移）",
)
def test_x_is_not_modified(student):
    A, x = point((4, 4), seed=7), point((4,), seed=8)
    outcome = student.call("numerical_grad", Build("scalar_fn", function="quadratic_form", A=A), x)
    assert_tensor(outcome.value, shape=(4,), dtype=F64)
    assert_close(outcome.args[1], x, rtol=0, atol=0, what="x after the call")


@pytest.mark.describe(
    en="Works under torch.no_grad() on an x that does not require grad (no autograd inside)",
    zh="在 torch.no_grad() 下、x 不需要梯度时也能工作（内部不使用自动微分）",
)
@pytest.mark.concepts("scale-gradcheck-pitfalls")
def test_works_without_autograd(student):
    x = point((6,), seed=9)
    outcome = student.call(
        "numerical_grad", Build("scalar_fn", function="sin_x_squared"), x, no_grad=True
    )
    assert_tensor(outcome.value, shape=(6,), dtype=F64)
    assert_close(outcome.value, autograd_gradient(sin_x_squared, x), rtol=RTOL, atol=ATOL)

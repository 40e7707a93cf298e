"""Hidden tests of sgd(params, lr, batch_size): d2l's in-place minibatch SGD step under no_grad.

The parameters are built in the sandbox as leaf tensors that already hold `.grad`
(`Build("leaf_with_grad", ...)`), passed in a list as d2l does; `arg_state=True` reports
their grad / requires_grad / is_leaf after the call, `outcome.args[0]` their values.
"""

import pytest
import torch

from dlprep.grader.checks import assert_close, assert_tensor
from dlprep.grader.protocol import Build


def tolerance(dtype):
    return (
        {"rtol": 1e-6, "atol": 1e-7} if dtype == torch.float32 else {"rtol": 1e-12, "atol": 1e-12}
    )


def step(student, values, grads, lr, batch_size):
    """Call sgd on leaves holding `grads`; (values after, state after), both checked for shape and dtype."""
    params = [Build("leaf_with_grad", tensor=v, grad=g) for v, g in zip(values, grads, strict=True)]
    outcome = student.call("sgd", params, lr, batch_size, arg_state=True)
    after = outcome.args[0]
    assert isinstance(after, list) and len(after) == len(values), (
        "params is not the same list after the call"
    )
    for index, (value, before) in enumerate(zip(after, values, strict=True)):
        assert_tensor(
            value, shape=before.shape, dtype=before.dtype, what=f"params[{index}] after the call"
        )
    return after, outcome.arg_state[0]


def expected(values, grads, lr, batch_size):
    return [
        (v.double() - lr * g.double() / batch_size).to(v.dtype)
        for v, g in zip(values, grads, strict=True)
    ]


def random_params(dtype=torch.float32, seed=0):
    generator = torch.Generator().manual_seed(seed)
    shapes = [(4, 3), (3,), (2, 2, 2)]
    values = [torch.randn(shape, generator=generator, dtype=dtype) for shape in shapes]
    grads = [torch.randn(shape, generator=generator, dtype=dtype) * 5 for shape in shapes]
    grads[1] = torch.zeros(3, dtype=dtype)  # a zero gradient leaves its parameter unchanged
    return values, grads


@pytest.mark.describe(
    en="The prompt's example: w and b move by lr * grad / batch_size, in place",
    zh="题目中的示例：w 和 b 原地移动 lr * grad / batch_size",
)
@pytest.mark.concepts("optimization-minibatch-gradient")
def test_worked_example(student):
    values = [torch.tensor([[1.0], [2.0]]), torch.tensor([0.5])]
    grads = [torch.tensor([[10.0], [-20.0]]), torch.tensor([5.0])]
    after, _ = step(student, values, grads, 0.1, 10)
    assert_close(
        after,
        [torch.tensor([[0.9], [2.2]]), torch.tensor([0.45])],
        **tolerance(torch.float32),
        what="[w, b] after the step",
    )


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64], ids=["float32", "float64"])
@pytest.mark.describe(
    en="Several tensors of any shape are updated at once (a zero gradient leaves its tensor unchanged), dtype kept",
    zh="一次更新多个任意形状的张量（梯度为零的张量保持不变），dtype 不变",
)
def test_several_tensors_updated(student, dtype):
    values, grads = random_params(dtype, seed=1)
    after, _ = step(student, values, grads, 0.03, 32)
    assert_close(
        after, expected(values, grads, 0.03, 32), **tolerance(dtype), what="params after the step"
    )


@pytest.mark.describe(
    en="The summed gradient is divided by batch_size: batch 1 and batch 100 give steps 100 times apart",
    zh="求和的梯度要除以 batch_size：批量大小为 1 和 100 时步长相差 100 倍",
)
@pytest.mark.concepts("optimization-minibatch-gradient")
def test_step_divides_by_batch_size(student):
    values, grads = [torch.zeros(5)], [torch.ones(5)]
    for batch_size in (1, 100):
        after, _ = step(student, values, grads, 0.5, batch_size)
        assert_close(
            after,
            expected(values, grads, 0.5, batch_size),
            **tolerance(torch.float32),
            what=f"the step with batch_size={batch_size}",
        )


@pytest.mark.describe(
    en="Every gradient is zeroed after the step (backward adds to .grad)",
    zh="更新之后每个梯度都被清零（backward 会累加到 .grad 上）",
)
@pytest.mark.concepts("tensors-autograd-zero-grad-forms")
def test_gradients_are_zeroed(student):
    values, grads = random_params(seed=2)
    _, state = step(student, values, grads, 0.1, 4)
    for index, (grad, value) in enumerate(zip(state["grad"], values, strict=True)):
        if grad is not None:  # param.grad = None is an accepted way to clear it
            assert_close(
                grad,
                torch.zeros_like(value),
                rtol=0,
                atol=0,
                what=f"params[{index}].grad after the step",
            )


@pytest.mark.describe(
    en="The parameters stay leaf tensors that require grad (updated in place under no_grad, not replaced)",
    zh="参数仍是需要梯度的叶子张量（在 no_grad 下原地更新，而不是被替换）",
)
@pytest.mark.concepts("tensors-autograd-inplace-leaf-update")
def test_parameters_stay_leaves_that_require_grad(student):
    values, grads = random_params(seed=3)
    _, state = step(student, values, grads, 0.1, 4)
    assert state["requires_grad"] == [True] * 3, (
        "a parameter no longer requires grad: update it in place"
    )
    assert state["is_leaf"] == [True] * 3, (
        "a parameter is no longer a leaf tensor: update it in place inside torch.no_grad()"
    )

"""Hidden tests of mlp_backward(X, y, W1, b1, W2, b2): the hand-written backward pass of
Z = X W1 + b1, H = relu(Z), O = H W2 + b2, L = mean cross-entropy(O, y).

Expected gradients come from autograd on the same forward pass, computed here, in the grader.
"""

import pytest
import torch
from torch.nn import functional as F

from dlprep.grader.checks import assert_close, assert_finite, assert_tensor

NAMES = ("W1", "b1", "W2", "b2")
SHAPES = [(1, 3, 4, 2), (8, 5, 7, 3), (16, 6, 4, 10)]  # (n, d, h, q): n = 1, d != h != q


def tolerance(dtype):
    return {"rtol": 0, "atol": 1e-10} if dtype == torch.float64 else {"rtol": 0, "atol": 1e-5}


def make_inputs(n, d, h, q, dtype=torch.float64, seed=0, logit_scale=1.0):
    generator = torch.Generator().manual_seed(seed)

    def draw(*shape, scale=1.0):
        return (torch.randn(*shape, generator=generator, dtype=torch.float64) * scale).to(dtype)

    X, W1, b1 = draw(n, d), draw(d, h, scale=0.8), draw(h, scale=0.5)
    W2, b2 = draw(h, q, scale=0.8 * logit_scale), draw(q, scale=0.5 * logit_scale)
    y = torch.randint(0, q, (n,), generator=generator)
    return X, y, W1, b1, W2, b2


def autograd_gradients(X, y, W1, b1, W2, b2):
    params = [p.clone().requires_grad_() for p in (W1, b1, W2, b2)]
    w1, c1, w2, c2 = params
    F.cross_entropy(torch.relu(X @ w1 + c1) @ w2 + c2, y).backward()
    return {name: p.grad for name, p in zip(NAMES, params, strict=True)}


def check_gradients(grads, inputs, expected, dtype):
    """A dict with the four keys, each gradient shaped and typed as its parameter, then values."""
    assert isinstance(grads, dict), f"expected a dict of gradients, got {type(grads).__name__}"
    assert set(grads) == set(NAMES), f"expected the keys {list(NAMES)}, got {sorted(grads)}"
    params = dict(zip(NAMES, inputs[2:], strict=True))
    for name in NAMES:
        assert_tensor(grads[name], shape=params[name].shape, dtype=dtype, what=f"d{name}")
    for name in NAMES:
        assert_close(grads[name], expected[name], what=f"d{name}", **tolerance(dtype))


@pytest.mark.describe(
    en="The prompt's example (one example, Z = [[1, 1]]) gives the gradients written there",
    zh="题目中的示例（一个样本，Z = [[1, 1]]）得到题目中写出的梯度",
)
@pytest.mark.concepts("backprop-two-layer-mlp")
def test_worked_example(student):
    inputs = (
        torch.tensor([[1.0, 2.0]]),
        torch.tensor([1]),
        torch.tensor([[1.0, -1.0], [0.0, 1.0]]),
        torch.zeros(2),
        torch.eye(2),
        torch.zeros(2),
    )
    expected = {
        "W1": torch.tensor([[0.5, -0.5], [1.0, -1.0]]),
        "b1": torch.tensor([0.5, -0.5]),
        "W2": torch.tensor([[0.5, -0.5], [0.5, -0.5]]),
        "b2": torch.tensor([0.5, -0.5]),
    }
    check_gradients(student.mlp_backward(*inputs), inputs, expected, torch.float32)


@pytest.mark.parametrize("shape", SHAPES, ids=["n=1", "n=8", "n=16,q=10"])
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64], ids=["float32", "float64"])
@pytest.mark.describe(
    en="Every gradient has its parameter's shape and dtype and equals autograd's, for several (n, d, h, q)",
    zh="对几组 (n, d, h, q)，每个梯度的形状和 dtype 与对应参数相同，并等于自动微分的结果",
)
@pytest.mark.concepts("backprop-gradient-shape-rule")
def test_matches_autograd(student, shape, dtype):
    inputs = make_inputs(*shape, dtype=dtype, seed=sum(shape))
    grads = student.mlp_backward(*inputs)
    check_gradients(grads, inputs, autograd_gradients(*inputs), dtype)


@pytest.mark.describe(
    en="Duplicating every row of the batch leaves the gradients unchanged (the loss is a mean, so dO has 1/n)",
    zh="把批量的每一行复制一份，梯度不变（损失是平均值，所以 dO 中有 1/n）",
)
@pytest.mark.concepts("backprop-bias-gradient-sum")
def test_duplicated_batch_gives_the_same_gradients(student):
    X, y, *params = make_inputs(6, 4, 5, 3, seed=1)
    once = student.mlp_backward(X, y, *params)
    check_gradients(once, (X, y, *params), autograd_gradients(X, y, *params), torch.float64)
    twice = student.mlp_backward(torch.cat([X, X]), torch.cat([y, y]), *params)
    check_gradients(twice, (X, y, *params), once, torch.float64)


@pytest.mark.describe(
    en="A pre-activation exactly 0 gets ReLU derivative 0: its column of dW1 and its db1 entry are 0",
    zh="恰好为 0 的预激活值的 ReLU 导数为 0：dW1 中对应的列和 db1 中对应的元素为 0",
)
@pytest.mark.concepts("backprop-relu-at-zero")
def test_relu_derivative_at_zero_is_zero(student):
    X, y, W1, b1, W2, b2 = make_inputs(5, 4, 6, 3, seed=2)
    W1[:, 2], b1[2] = 0.0, 0.0  # Z[:, 2] is exactly 0 for every example
    grads = student.mlp_backward(X, y, W1, b1, W2, b2)
    check_gradients(
        grads, (X, y, W1, b1, W2, b2), autograd_gradients(X, y, W1, b1, W2, b2), torch.float64
    )
    assert_close(
        grads["W1"][:, 2], torch.zeros(4, dtype=torch.float64), rtol=0, atol=0, what="dW1[:, 2]"
    )
    assert_close(
        grads["b1"][2], torch.tensor(0.0, dtype=torch.float64), rtol=0, atol=0, what="db1[2]"
    )


@pytest.mark.describe(
    en="Logits around +-100 give finite gradients equal to autograd's (stable softmax)",
    zh="logits 约为 ±100 时梯度有限并等于自动微分的结果（稳定的 softmax）",
)
@pytest.mark.concepts("backprop-softmax-ce-output-grad")
def test_large_logits_are_finite(student):
    X, y, W1, b1, W2, b2 = make_inputs(8, 4, 6, 5, dtype=torch.float32, seed=3, logit_scale=10.0)
    inputs = (X, y, W1, b1, W2, b2 + 100)  # every logit near +100: exp overflows float32 unshifted
    logits = torch.relu(X @ W1 + b1) @ W2 + b2 + 100
    assert float(logits.max(dim=1).values.min()) > 89, "test setup: each row should reach about 100"
    grads = student.mlp_backward(*inputs)
    assert_finite(grads)
    check_gradients(grads, inputs, autograd_gradients(*inputs), torch.float32)


@pytest.mark.describe(
    en="Works under torch.no_grad() with inputs that do not require grad (no autograd)",
    zh="在 torch.no_grad() 下、输入不需要梯度时也能工作（不使用自动微分）",
)
def test_works_without_autograd(student):
    inputs = make_inputs(4, 3, 5, 2, seed=4)
    outcome = student.call("mlp_backward", *inputs, no_grad=True)
    check_gradients(outcome.value, inputs, autograd_gradients(*inputs), torch.float64)


@pytest.mark.describe(
    en="No argument is modified",
    zh="不修改任何参数",
)
def test_inputs_are_not_modified(student):
    inputs = make_inputs(4, 3, 5, 2, seed=5)
    outcome = student.call("mlp_backward", *inputs)
    check_gradients(outcome.value, inputs, autograd_gradients(*inputs), torch.float64)
    for name, before, after in zip(("X", "y", *NAMES), inputs, outcome.args, strict=True):
        assert_close(after, before, rtol=0, atol=0, what=f"{name} after the call")


@pytest.mark.describe(
    en="Labels that miss the last classes (all y = 0 of q = 4) still give a one-hot with q columns",
    zh="标签没有覆盖最后几个类别（q = 4 而 y 全为 0）时，独热编码仍有 q 列",
)
@pytest.mark.concepts("backprop-softmax-ce-output-grad")
def test_labels_missing_some_classes(student):
    X, _, W1, b1, W2, b2 = make_inputs(5, 3, 4, 4, seed=6)
    inputs = (X, torch.zeros(5, dtype=torch.int64), W1, b1, W2, b2)
    check_gradients(
        student.mlp_backward(*inputs), inputs, autograd_gradients(*inputs), torch.float64
    )

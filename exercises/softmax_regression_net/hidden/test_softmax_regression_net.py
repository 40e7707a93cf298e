"""Hidden tests of net(X) with module-level W (784, 10) and b (10,): d2l's softmax regression.

The submission's own W and b are read after each call (`read=["W", "b"]`: values, grads,
requires_grad, is_leaf); expected outputs are computed from them here, in float64.
"""

import pytest
import torch

from dlprep.grader.checks import assert_close, assert_tensor

TOLERANCE = {"rtol": 1e-5, "atol": 1e-6}


def images(n, seed=0):
    return torch.rand(n, 1, 28, 28, generator=torch.Generator().manual_seed(seed))


def parameter(outcome, name, shape):
    assert name in outcome.read, f"the submission defines no module-level `{name}`"
    return assert_tensor(outcome.read[name]["value"], shape=shape, dtype=torch.float32, what=name)


def run(student, X, **options):
    outcome = student.call("net", X, read=["W", "b"], **options)
    W = parameter(outcome, "W", (784, 10))
    b = parameter(outcome, "b", (10,))
    y_hat = assert_tensor(outcome.value, shape=(X.shape[0], 10), dtype=torch.float32, what="net(X)")
    return y_hat, W, b, outcome


def expected(X, W, b):
    logits = X.reshape(-1, 784).double() @ W.double() + b.double()
    return torch.softmax(logits, dim=1).float()


@pytest.mark.describe(
    en="W is (784, 10) and b is (10,), float32 leaf tensors that require grad",
    zh="W 为 (784, 10)、b 为 (10,)，都是需要梯度的 float32 叶子张量",
)
@pytest.mark.concepts("linear-softmax-softmax-regression-shapes")
def test_parameters_have_d2l_shapes(student):
    _, _, _, outcome = run(student, images(2))
    for name in ("W", "b"):
        assert outcome.read[name]["requires_grad"] is True, (
            f"{name} must be created with requires_grad=True"
        )
        assert outcome.read[name]["is_leaf"] is True, (
            f"{name} is not a leaf tensor (e.g. torch.normal(..., requires_grad=True) * 0.01): sgd could not train it"
        )


@pytest.mark.describe(
    en="W is initialised from N(0, 0.01²) (mean within ±0.001, std in [0.009, 0.011]) and b with zeros",
    zh="W 从 N(0, 0.01²) 初始化（均值在 ±0.001 内，标准差在 [0.009, 0.011] 内），b 初始化为零",
)
def test_initialisation(student):
    _, W, b, _ = run(student, images(1))
    # 7,840 draws: standard errors 1.1e-4 (mean) and 8e-5 (std), so the bounds are 8.8 and 12.5 of them
    mean, std = float(W.double().mean()), float(W.double().std())
    assert abs(mean) < 0.001, f"W has mean {mean:.5f}, expected about 0"
    assert 0.009 < std < 0.011, f"W has standard deviation {std:.5f}, expected 0.01"
    assert_close(b, torch.zeros(10), rtol=0, atol=0, what="b")


@pytest.mark.describe(
    en="An image batch (8, 1, 28, 28) gives softmax(X.reshape(-1, 784) @ W + b): shape (8, 10), rows sum to 1",
    zh="图像批量 (8, 1, 28, 28) 得到 softmax(X.reshape(-1, 784) @ W + b)：形状 (8, 10)，每行之和为 1",
)
@pytest.mark.concepts("linear-softmax-softmax-regression-shapes")
def test_image_batch(student):
    X = images(8, seed=1)
    y_hat, W, b, _ = run(student, X)
    assert_close(y_hat.sum(dim=1), torch.ones(8), rtol=0, atol=1e-5, what="the row sums of net(X)")
    assert_close(y_hat, expected(X, W, b), **TOLERANCE, what="net(X)")


@pytest.mark.describe(
    en="Flat inputs (5, 784) work too and give the same probabilities as the images they come from",
    zh="展平的输入 (5, 784) 也可以，且与对应图像得到相同的概率",
)
@pytest.mark.concepts("linear-softmax-scratch-vs-concise")
def test_flat_batch(student):
    X = images(5, seed=2)
    y_flat, W, b, _ = run(student, X.reshape(5, 784))
    assert_close(y_flat, expected(X, W, b), **TOLERANCE, what="net(X) for flat X")


@pytest.mark.describe(
    en="A backward pass through net reaches W and b (their .grad is filled)",
    zh="经过 net 的反向传播能到达 W 和 b（它们的 .grad 被填充）",
)
@pytest.mark.concepts("linear-softmax-linear-classifier")
def test_gradients_reach_w_and_b(student):
    _, _, _, outcome = run(student, images(4, seed=3), backward=True)
    for name, shape in (("W", (784, 10)), ("b", (10,))):
        grad = outcome.read[name]["grad"]
        assert grad is not None, f"no gradient reached {name}: build net(X) from {name} itself"
        # sum(net(X)) is the constant N (rows sum to 1), so its gradient is 0 up to rounding
        assert_close(
            grad, torch.zeros(shape), rtol=0, atol=1e-5, what=f"{name}.grad of sum(net(X))"
        )

"""Hidden tests of net(X) with module-level params = [W1, b1, W2, b2]: d2l's MLP from scratch.

The submission's own `params` are read after each call (`read=["params"]`: values, grads,
requires_grad, is_leaf); expected outputs and gradients are computed from them here, in
float64, with autograd.
"""

import pytest
import torch

from dlprep.grader.checks import assert_close, assert_tensor

NAMES = ("W1", "b1", "W2", "b2")
SHAPES = ((784, 256), (256,), (256, 10), (10,))
TOLERANCE = {"rtol": 1e-4, "atol": 1e-6}


def images(n, seed=0):
    return torch.rand(n, 1, 28, 28, generator=torch.Generator().manual_seed(seed))


def run(student, X, **options):
    """(logits, [W1, b1, W2, b2], the read state), each checked for shape and dtype first."""
    outcome = student.call("net", X, read=["params"], **options)
    assert "params" in outcome.read, "the submission defines no module-level `params`"
    read = outcome.read["params"]
    values = read["value"]
    assert isinstance(values, list) and len(values) == 4, "params must be the list [W1, b1, W2, b2]"
    for name, shape, value in zip(NAMES, SHAPES, values, strict=True):
        assert_tensor(value, shape=shape, dtype=torch.float32, what=name)
    logits = assert_tensor(
        outcome.value, shape=(X.shape[0], 10), dtype=torch.float32, what="net(X)"
    )
    return logits, values, read


def forward(X, W1, b1, W2, b2):
    H = torch.clamp(X.reshape(-1, 784) @ W1 + b1, min=0)
    return H @ W2 + b2


@pytest.mark.describe(
    en="params = [W1, b1, W2, b2] with shapes (784, 256), (256,), (256, 10), (10,), float32",
    zh="params = [W1, b1, W2, b2]，形状为 (784, 256)、(256,)、(256, 10)、(10,)，float32",
)
@pytest.mark.concepts("mlp-activations-mlp-structure")
def test_parameter_shapes(student):
    run(student, images(2))


@pytest.mark.describe(
    en="Every parameter is a leaf tensor that requires grad, so torch.optim.SGD(params) accepts it",
    zh="每个参数都是需要梯度的叶子张量，torch.optim.SGD(params) 才能接受",
)
@pytest.mark.concepts("mlp-activations-non-leaf-parameter", "mlp-activations-which-raises-non-leaf")
def test_parameters_are_trainable_leaves(student):
    _, _, read = run(student, images(2))
    for name, requires_grad, is_leaf in zip(
        NAMES, read["requires_grad"], read["is_leaf"], strict=True
    ):
        assert requires_grad is True, f"{name} does not require grad"
        assert is_leaf is True, (
            f"{name} is not a leaf tensor (randn(..., requires_grad=True) * 0.01 is a product): "
            'torch.optim.SGD would raise "can\'t optimize a non-leaf Tensor"'
        )


@pytest.mark.describe(
    en="Weights start from N(0, 0.01²) (not zeros, not N(0, 1)) and biases from zeros",
    zh="权重从 N(0, 0.01²) 初始化（不是全零，也不是 N(0, 1)），偏置初始化为零",
)
@pytest.mark.concepts("numerical-stability-zero-init-symmetry")
def test_initialisation(student):
    _, (W1, b1, W2, b2), _ = run(student, images(1))
    # standard errors: W1 (200,704 draws) mean 2.2e-5, std 1.6e-5; W2 (2,560) mean 2e-4, std 1.4e-4;
    # the bounds are at least 7 of them, so a correct N(0, 0.01²) draw fails with p < 1e-11
    for name, W, mean_bound, low, high in (
        ("W1", W1, 0.0005, 0.0095, 0.0105),
        ("W2", W2, 0.0015, 0.009, 0.011),
    ):
        mean, std = float(W.double().mean()), float(W.double().std())
        assert abs(mean) < mean_bound, f"{name} has mean {mean:.5f}, expected about 0"
        assert low < std < high, f"{name} has standard deviation {std:.5f}, expected 0.01"
    assert_close(b1, torch.zeros(256), rtol=0, atol=0, what="b1")
    assert_close(b2, torch.zeros(10), rtol=0, atol=0, what="b2")


@pytest.mark.describe(
    en="net(X) for (8, 1, 28, 28) images is relu(X @ W1 + b1) @ W2 + b2: raw logits, no softmax",
    zh="对 (8, 1, 28, 28) 的图像，net(X) 等于 relu(X @ W1 + b1) @ W2 + b2：未归一化的 logits，不做 softmax",
)
@pytest.mark.concepts("mlp-activations-last-layer-with-ce")
def test_forward_gives_logits(student):
    X = images(8, seed=1)
    logits, values, _ = run(student, X)
    expected = forward(X.double(), *(value.double() for value in values)).float()
    assert_close(logits, expected, **TOLERANCE, what="net(X)")


@pytest.mark.describe(
    en="Flat inputs (5, 784) give the same logits as the images they come from",
    zh="展平的输入 (5, 784) 与对应图像得到相同的 logits",
)
def test_flat_inputs(student):
    X = images(5, seed=2)
    logits, values, _ = run(student, X.reshape(5, 784))
    expected = forward(X.double(), *(value.double() for value in values)).float()
    assert_close(logits, expected, **TOLERANCE, what="net(X) for flat X")


@pytest.mark.describe(
    en="A backward pass fills the .grad of all four parameters with the right values",
    zh="一次反向传播会用正确的值填充全部四个参数的 .grad",
)
@pytest.mark.concepts("mlp-activations-non-leaf-parameter")
def test_backward_reaches_every_parameter(student):
    X = images(4, seed=3)
    _, values, read = run(student, X, backward=True)
    mine = [value.double().requires_grad_() for value in values]
    forward(X.double(), *mine).sum().backward()
    for name, grad, reference in zip(NAMES, read["grad"], mine, strict=True):
        assert grad is not None, (
            f"backward left {name}.grad empty: {name} must be a leaf that requires grad"
        )
        assert_close(grad, reference.grad.float(), **TOLERANCE, what=f"{name}.grad of sum(net(X))")

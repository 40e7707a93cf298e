"""Hidden tests of MyLinear(in_units, units): d2l's custom layer relu(X @ weight + bias).

The layer lives in the sandbox (`student.new("MyLinear", 64, 8)` returns a handle). Expected
values are computed here from the layer's own state_dict, so its random initial values do
not matter; comparisons are float32 with rtol 1e-5, atol 1e-6.
"""

import pytest
import torch
from torch.nn import functional as F

from dlprep.grader.checks import assert_close, assert_tensor

TOLERANCE = {"rtol": 1e-5, "atol": 1e-6}


def inputs(n, features, seed):
    return torch.randn(n, features, generator=torch.Generator().manual_seed(seed))


def expected(state, X, prefix=""):
    return F.relu(X @ state[f"{prefix}weight"] + state[f"{prefix}bias"])


@pytest.mark.describe(
    en="weight (in_units, units) and bias (units,) are registered nn.Parameters",
    zh="weight (in_units, units) 和 bias (units,) 注册为 nn.Parameter",
)
@pytest.mark.concepts("pytorch-practice-nn-parameter")
def test_parameters_are_registered_with_d2l_shapes(student):
    layer = student.new("MyLinear", 64, 8)
    parameters = {info.name: info for info in layer.named_parameters()}
    assert sorted(parameters) == ["bias", "weight"], f"registered parameters: {sorted(parameters)}"
    assert parameters["weight"].shape == (64, 8), f"weight has shape {parameters['weight'].shape}"
    assert parameters["bias"].shape == (8,), f"bias has shape {parameters['bias'].shape}"
    assert all(info.requires_grad and info.is_parameter for info in parameters.values())


@pytest.mark.describe(
    en="forward returns relu(X @ weight + bias), shape (N, units), all >= 0",
    zh="forward 返回 relu(X @ weight + bias)，形状 (N, units)，全部 >= 0",
)
@pytest.mark.concepts("pytorch-practice-nn-parameter")
def test_forward_is_relu_of_the_affine_map(student, seed):
    layer = student.new("MyLinear", 5, 3, seed=1)
    X = inputs(4, 5, seed)
    Y = assert_tensor(layer(X), shape=(4, 3), dtype=torch.float32)
    assert bool((Y >= 0).all()), "some outputs are negative: apply the ReLU"
    assert_close(Y, expected(layer.state_dict(), X), **TOLERANCE)


@pytest.mark.describe(
    en="after backward, weight.grad and bias.grad hold the right gradients",
    zh="反向传播后 weight.grad 和 bias.grad 是正确的梯度",
)
@pytest.mark.concepts("pytorch-practice-mylinear-data-bug")
def test_gradients_reach_the_parameters(student, seed):
    layer = student.new("MyLinear", 6, 4, seed=2)
    X = inputs(10, 6, seed)
    grads = layer.backward(X)
    state = {name: value.clone().requires_grad_() for name, value in layer.state_dict().items()}
    expected(state, X).sum().backward()
    for name in ("weight", "bias"):
        assert grads.get(name) is not None, (
            f"{name}.grad is None after backward: use self.{name}, not self.{name}.data"
        )
        assert_close(grads[name], state[name].grad, what=f"{name}.grad", **TOLERANCE)


@pytest.mark.describe(
    en="nn.Sequential(MyLinear(64, 8), MyLinear(8, 1)) works and trains",
    zh="nn.Sequential(MyLinear(64, 8), MyLinear(8, 1)) 可以正常前向和训练",
)
@pytest.mark.concepts("pytorch-practice-nn-parameter")
def test_composes_in_sequential(student, seed):
    net = student.new(
        "nn.Sequential", student.new("MyLinear", 64, 8, seed=3), student.new("MyLinear", 8, 1)
    )
    state = net.state_dict()
    assert sorted(state) == ["0.bias", "0.weight", "1.bias", "1.weight"], sorted(state)
    X = inputs(2, 64, seed)
    hidden = expected(state, X, "0.")
    assert_close(net(X), expected(state, hidden, "1."), **TOLERANCE)
    grads = net.backward(X * 0.01)
    assert all(grad is not None for grad in grads.values()), "a parameter got no gradient"

"""Hidden tests of CenteredLayer: forward(X) = X - X.mean(), no parameters (d2l 5.4.1).

Expected values are X - X.mean() computed here (rtol 1e-5, atol 1e-6).
"""

import pytest
import torch

from dlprep.grader.checks import assert_close, assert_tensor

pytestmark = pytest.mark.concepts("pytorch-practice-centered-layer")
TOLERANCE = {"rtol": 1e-5, "atol": 1e-6}


def inputs(shape, seed):
    return torch.randn(shape, generator=torch.Generator().manual_seed(seed)) * 3 + 5


@pytest.mark.describe(
    en="the worked example [1..5] gives [-2, -1, 0, 1, 2]", zh="示例 [1..5] 得到 [-2, -1, 0, 1, 2]"
)
def test_worked_example(student):
    layer = student.new("CenteredLayer")
    assert_close(
        layer(torch.tensor([1.0, 2, 3, 4, 5])), torch.tensor([-2.0, -1, 0, 1, 2]), **TOLERANCE
    )


@pytest.mark.describe(
    en="subtracts the mean of all elements, shape kept", zh="减去所有元素的均值，形状不变"
)
@pytest.mark.parametrize("shape", [(4, 8), (2, 3, 5)], ids=["2-D", "3-D"])
def test_subtracts_the_mean_of_all_elements(student, shape, seed):
    X = inputs(shape, seed)
    Y = assert_tensor(student.new("CenteredLayer")(X), shape=shape, dtype=torch.float32)
    assert_close(Y, X - X.mean(), **TOLERANCE)
    assert abs(float(Y.mean())) < 1e-5, f"the output's mean is {float(Y.mean()):.3g}, not 0"


@pytest.mark.describe(en="the layer has no parameters", zh="这个层没有参数")
def test_has_no_parameters(student):
    assert student.new("CenteredLayer").named_parameters() == []


@pytest.mark.describe(en="the input X is not modified", zh="不修改输入 X")
def test_input_is_not_modified(student, seed):
    X = inputs((4, 4), seed)
    outcome = student.new("CenteredLayer").call("__call__", X)
    assert_close(outcome.args[0], X, rtol=0, atol=0, what="X after the call")


@pytest.mark.describe(
    en="the gradient flows through the mean (d sum(Y) / dX = 0)",
    zh="梯度经过均值反向传播（d sum(Y) / dX = 0）",
)
def test_gradient_flows_through_the_mean(student, seed):
    X = inputs((3, 4), seed).requires_grad_()
    outcome = student.new("CenteredLayer").call("__call__", X, backward=True)
    grad = outcome.grads[0]
    assert grad is not None, "no gradient reached X: build the result from X with tensor operations"
    assert_close(grad, torch.zeros(3, 4), rtol=0, atol=1e-6, what="d sum(Y) / dX")


@pytest.mark.describe(
    en="inside nn.Sequential after a Linear the output mean is 0",
    zh="放在 nn.Sequential 中的 Linear 之后，输出均值为 0",
)
def test_works_after_a_linear_layer(student, seed):
    net = student.new(
        "nn.Sequential", student.new("nn.Linear", 8, 128), student.new("CenteredLayer")
    )
    X = inputs((4, 8), seed)
    state = net.state_dict()
    hidden = X @ state["0.weight"].T + state["0.bias"]
    Y = assert_tensor(net(X), shape=(4, 128))
    assert_close(Y, hidden - hidden.mean(), rtol=1e-5, atol=1e-5)

"""Hidden tests of MySequential(*args): d2l's hand-written nn.Sequential (5.1.2).

The block and its layers live in the sandbox (`student.new("nn.Linear", 20, 256)` makes a
torch layer there, `student.new("MySequential", ...)` the learner's block around them).
Expected outputs come from a real nn.Sequential loaded with the block's own state_dict
(float32, rtol 1e-5, atol 1e-6).
"""

import pytest
import torch
from torch import nn

from dlprep.grader.checks import assert_close, assert_tensor

TOLERANCE = {"rtol": 1e-5, "atol": 1e-6}


def inputs(shape, seed, dtype=torch.float32):
    return torch.randn(shape, generator=torch.Generator().manual_seed(seed), dtype=dtype)


def mlp(student):
    return student.new(
        "MySequential",
        student.new("nn.Linear", 20, 256),
        student.new("nn.ReLU"),
        student.new("nn.Linear", 256, 10),
    )


@pytest.mark.describe(
    en="the d2l MLP gives nn.Sequential's output with the same weights",
    zh="d2l 的 MLP 与相同权重的 nn.Sequential 输出一致",
)
@pytest.mark.concepts("pytorch-practice-mysequential-modules")
def test_matches_nn_sequential(student, seed):
    net = mlp(student)
    reference = nn.Sequential(nn.Linear(20, 256), nn.ReLU(), nn.Linear(256, 10))
    reference.load_state_dict(net.state_dict())
    X = inputs((2, 20), seed)
    Y = assert_tensor(net(X), shape=(2, 10), dtype=torch.float32)
    with torch.no_grad():
        assert_close(Y, reference(X), **TOLERANCE)


@pytest.mark.describe(
    en="parameters are registered under 0.weight, 0.bias, 2.weight, 2.bias",
    zh="参数注册在 0.weight、0.bias、2.weight、2.bias 下",
)
@pytest.mark.concepts("pytorch-practice-plain-list-not-registered")
def test_parameters_are_registered_in_order(student):
    names = [info.name for info in mlp(student).named_parameters()]
    assert names == ["0.weight", "0.bias", "2.weight", "2.bias"], f"registered: {names}"


@pytest.mark.describe(en="modules run in the order given", zh="模块按传入的顺序执行")
@pytest.mark.concepts("pytorch-practice-module-init-forward")
def test_modules_run_in_the_given_order(student, seed):
    net = student.new(
        "MySequential",
        student.new("nn.Linear", 4, 4),
        student.new("nn.Tanh"),
        student.new("nn.Linear", 4, 4),
    )
    state = net.state_dict()
    X = inputs((3, 4), seed) * 3
    hidden = torch.tanh(X @ state["0.weight"].T + state["0.bias"])
    assert_close(net(X), hidden @ state["2.weight"].T + state["2.bias"], **TOLERANCE)


@pytest.mark.describe(
    en=".eval() reaches the children (Dropout becomes the identity)",
    zh=".eval() 作用到子模块（Dropout 变为恒等映射）",
)
@pytest.mark.concepts("pytorch-practice-plain-list-not-registered")
def test_eval_reaches_the_children(student, seed):
    net = student.new("MySequential", student.new("nn.Dropout", 0.5))
    X = inputs((50, 40), seed) + 10  # no zero entry: a dropped one is seen
    assert bool((net(X) == 0).any()), "in training mode Dropout should zero some entries"
    net.call("eval")
    assert net.attr("0.training") is False, "net.eval() did not reach the Dropout child"
    assert_close(net(X), X, rtol=0, atol=0, what="the output in eval mode")


@pytest.mark.describe(
    en=".to(torch.float64) converts every child's parameters",
    zh=".to(torch.float64) 会转换所有子模块的参数",
)
@pytest.mark.concepts("pytorch-practice-plain-list-not-registered")
def test_to_reaches_the_children(student, seed):
    net = mlp(student)
    net.call("to", torch.float64)
    state = net.state_dict()
    assert state and all(value.dtype == torch.float64 for value in state.values())
    assert_tensor(net(inputs((2, 20), seed, torch.float64)), shape=(2, 10), dtype=torch.float64)


@pytest.mark.describe(en="with no modules it returns X unchanged", zh="没有模块时原样返回 X")
@pytest.mark.concepts("pytorch-practice-mysequential-modules")
def test_no_modules_is_the_identity(student, seed):
    X = inputs((3, 5), seed)
    assert_close(student.new("MySequential")(X), X, rtol=0, atol=0)


@pytest.mark.describe(
    en="blocks nest: MySequential(MySequential(Linear), ReLU)",
    zh="块可以嵌套：MySequential(MySequential(Linear), ReLU)",
)
@pytest.mark.concepts("pytorch-practice-mysequential-modules")
def test_blocks_nest(student, seed):
    inner = student.new("MySequential", student.new("nn.Linear", 6, 3))
    net = student.new("MySequential", inner, student.new("nn.ReLU"))
    state = net.state_dict()
    assert sorted(state) == ["0.0.bias", "0.0.weight"], sorted(state)
    X = inputs((4, 6), seed)
    expected = torch.relu(X @ state["0.0.weight"].T + state["0.0.bias"])
    assert_close(net(X), expected, **TOLERANCE)
    grads = net.backward(X)
    assert all(grad is not None for grad in grads.values()), "a parameter got no gradient"

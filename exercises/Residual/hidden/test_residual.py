"""Hidden tests of Residual(input_channels, num_channels, use_1x1conv=False, strides=1): d2l's ResNet block.

The block lives in the sandbox; its state_dict is loaded here into the grader's own copy of
d2l's block (`Expected`, same names conv1, conv2, conv3, bn1, bn2), whose output the
learner's must match in training mode (batch statistics) and in eval mode (running
statistics), float32, rtol 1e-4, atol 1e-5. To see where the skip is added, bn2's gamma and
beta are replaced by zeros in the sandbox (a BatchNorm2d with zero parameters registered
as `bn2`): the residual branch then outputs 0 and the block must return relu(shortcut(X)).
"""

import pytest
import torch
from torch import nn
from torch.nn import functional as F

from dlprep.grader.checks import assert_close, assert_tensor
from dlprep.grader.errors import SubmissionRaised

TOLERANCE = {"rtol": 1e-4, "atol": 1e-5}


class Expected(nn.Module):
    def __init__(self, input_channels, num_channels, use_1x1conv=False, strides=1):
        super().__init__()
        self.conv1 = nn.Conv2d(input_channels, num_channels, 3, padding=1, stride=strides)
        self.conv2 = nn.Conv2d(num_channels, num_channels, 3, padding=1)
        self.conv3 = (
            nn.Conv2d(input_channels, num_channels, 1, stride=strides) if use_1x1conv else None
        )
        self.bn1 = nn.BatchNorm2d(num_channels)
        self.bn2 = nn.BatchNorm2d(num_channels)

    def forward(self, X):
        Y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(X)))))
        return F.relu(Y + (self.conv3(X) if self.conv3 is not None else X))


def images(n, channels, size, seed):
    return torch.randn(n, channels, size, size, generator=torch.Generator().manual_seed(seed))


def expected_block(state, *args, training=True):
    """d2l's block holding the learner's state_dict (its keys checked first, so a miss is readable)."""
    block = Expected(*args)
    want, got = sorted(block.state_dict()), sorted(state)
    assert got == want, f"state_dict keys {got}, expected d2l's {want}"
    block.load_state_dict(state)
    return block.train(training)


@pytest.mark.describe(
    en="Residual(3, 3) keeps (4, 3, 6, 6); Residual(3, 6, use_1x1conv=True, strides=2) gives (4, 6, 3, 3)",
    zh="Residual(3, 3) 保持 (4, 3, 6, 6)；Residual(3, 6, use_1x1conv=True, strides=2) 得到 (4, 6, 3, 3)",
)
@pytest.mark.concepts("shapes-modern-cnn-residual-1x1")
def test_output_shapes(student, seed):
    X = images(4, 3, 6, seed)
    assert_tensor(student.new("Residual", 3, 3)(X), shape=(4, 3, 6, 6), dtype=torch.float32)
    down = student.new("Residual", 3, 6, use_1x1conv=True, strides=2)
    assert_tensor(down(X), shape=(4, 6, 3, 3), dtype=torch.float32)


@pytest.mark.describe(
    en="Residual(3, 6) without the 1x1 conv raises on (4, 3, 6, 6): 6 branch channels cannot be added to 3",
    zh="不带 1x1 卷积的 Residual(3, 6) 在 (4, 3, 6, 6) 上报错：6 个通道的分支不能与 3 个通道相加",
)
@pytest.mark.concepts("shapes-modern-cnn-residual-mismatch", "modern-cnns-residual-1x1-shortcut")
def test_channel_change_without_shortcut_raises(student, seed):
    with pytest.raises(SubmissionRaised):
        student.new("Residual", 3, 6)(images(4, 3, 6, seed))


@pytest.mark.describe(
    en="d2l's layers: conv1, conv2, conv3 (1x1, only with use_1x1conv), bn1, bn2; Residual(64, 64) has 74,112 parameters",
    zh="d2l 的层：conv1、conv2、conv3（1x1，仅在 use_1x1conv 时）、bn1、bn2；Residual(64, 64) 有 74,112 个参数",
)
@pytest.mark.concepts("modern-cnns-residual-1x1-shortcut")
def test_layers_and_parameter_count(student):
    found = {info.name: info.shape for info in student.new("Residual", 64, 64).named_parameters()}
    want = {name: tuple(p.shape) for name, p in Expected(64, 64).named_parameters()}
    assert found == want, f"parameters: {found}"
    assert sum(torch.Size(shape).numel() for shape in found.values()) == 74_112
    with_shortcut = student.new("Residual", 3, 6, use_1x1conv=True, strides=2).named_parameters()
    shapes = {info.name: info.shape for info in with_shortcut}
    assert shapes.get("conv3.weight") == (6, 3, 1, 1), f"conv3.weight: {shapes.get('conv3.weight')}"
    statistics = [
        key for key in student.new("Residual", 3, 3).state_dict() if key.endswith("running_mean")
    ]
    assert sorted(statistics) == ["bn1.running_mean", "bn2.running_mean"], (
        f"BatchNorm statistics: {statistics}"
    )


@pytest.mark.describe(
    en="in training mode the output equals d2l's block with the same weights (and is >= 0)",
    zh="训练模式下输出与相同权重的 d2l 残差块一致（且 >= 0）",
)
@pytest.mark.concepts("modern-cnns-residual-forward")
@pytest.mark.parametrize(
    "args",
    [(3, 3, False, 1), (3, 6, True, 2), (4, 4, True, 1)],
    ids=["identity", "downsample", "1x1-stride-1"],
)
def test_training_forward_matches_d2l(student, seed, args):
    block = student.new("Residual", *args, seed=1)
    X = images(4, args[0], 6, seed)
    state = block.state_dict()
    Y = assert_tensor(block(X), dtype=torch.float32)
    assert bool((Y >= 0).all()), (
        "some outputs are negative: the block ends with a ReLU after the add"
    )
    with torch.no_grad():
        assert_close(Y, expected_block(state, *args)(X), **TOLERANCE)


@pytest.mark.describe(
    en="after training-mode passes, eval mode uses the running statistics and gives a different output",
    zh="训练模式前向若干次之后，eval 模式使用滑动统计量，输出与训练模式不同",
)
@pytest.mark.concepts("modern-cnns-residual-forward")
def test_eval_uses_running_statistics(student, seed):
    block = student.new("Residual", 3, 6, use_1x1conv=True, strides=2, seed=2)
    X = images(8, 3, 6, seed)
    train_out = block(X)
    block(X * 2 + 1)
    block.call("eval")
    Y = assert_tensor(block(X), shape=(8, 6, 3, 3), dtype=torch.float32)
    with torch.no_grad():
        assert_close(
            Y, expected_block(block.state_dict(), 3, 6, True, 2, training=False)(X), **TOLERANCE
        )
    assert not torch.allclose(Y, train_out, **TOLERANCE), (
        "eval and training outputs agree: where is BatchNorm?"
    )


@pytest.mark.describe(
    en="with bn2's gamma and beta set to 0 the block returns relu(X) (or relu(conv3(X))): X is added before the last ReLU",
    zh="把 bn2 的 gamma 和 beta 设为 0 后，块返回 relu(X)（或 relu(conv3(X))）：X 在最后一个 ReLU 之前相加",
)
@pytest.mark.concepts("modern-cnns-residual-forward")
@pytest.mark.parametrize("use_1x1conv", [False, True], ids=["identity", "1x1"])
def test_skip_is_added_before_the_last_relu(student, seed, use_1x1conv):
    block = student.new("Residual", 3, 3, use_1x1conv=use_1x1conv, seed=3)
    bn2 = student.new("nn.BatchNorm2d", 3)  # a fresh bn2 with gamma = beta = 0
    for name in ("weight", "bias"):
        bn2.call("register_parameter", name, student.new("nn.Parameter", torch.zeros(3)))
    block.call("register_module", "bn2", bn2)
    X = images(4, 3, 5, seed)
    Y = assert_tensor(block(X), shape=(4, 3, 5, 5), dtype=torch.float32)
    state = block.state_dict()
    if use_1x1conv:
        assert "conv3.weight" in state, "no conv3.weight: create conv3 in __init__, not in forward"
    shortcut = F.conv2d(X, state["conv3.weight"], state["conv3.bias"]) if use_1x1conv else X
    assert_close(Y, F.relu(shortcut), **TOLERANCE, what="the output when the residual branch is 0")


@pytest.mark.describe(
    en="gradients reach X and every layer: conv1, conv2, conv3, bn1, bn2",
    zh="梯度能传到 X 和每一层：conv1、conv2、conv3、bn1、bn2",
)
@pytest.mark.concepts("modern-cnns-residual-1x1-shortcut")
def test_gradients_reach_every_layer(student, seed):
    block = student.new("Residual", 3, 6, use_1x1conv=True, strides=2, seed=4)
    state = block.state_dict()
    X = images(4, 3, 6, seed)
    outcome = block.call("__call__", X.clone().requires_grad_(), backward=True)
    assert_tensor(outcome.value, shape=(4, 6, 3, 3), dtype=torch.float32)
    expected, leaf = expected_block(state, 3, 6, True, 2), X.clone().requires_grad_()
    expected(leaf).sum().backward()
    assert outcome.grads[0] is not None, "no gradient reached X"
    assert_close(outcome.grads[0], leaf.grad, **TOLERANCE, what="the gradient of X")
    grads = outcome.param_grads or {}
    for name, parameter in expected.named_parameters():
        assert grads.get(name) is not None, f"{name} got no gradient"
        assert_close(grads[name], parameter.grad, **TOLERANCE, what=f"{name}.grad")

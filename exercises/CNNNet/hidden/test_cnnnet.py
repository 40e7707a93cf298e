"""Hidden tests of CNNNet: conv 3->16 k5, max-pool 2, conv 16->36 k3, max-pool 2, fc 1296->128->10.

The network lives in the sandbox; its state_dict is loaded here into the grader's own copy
of the architecture (`Expected`), whose output the learner's must match (float32, rtol 1e-4,
atol 1e-5).
"""

import pytest
import torch
from torch import nn
from torch.nn import functional as F

from dlprep.grader.checks import assert_close, assert_tensor

TOLERANCE = {"rtol": 1e-4, "atol": 1e-5}
PARAMETERS = {
    "conv1.weight": (16, 3, 5, 5),
    "conv1.bias": (16,),
    "conv2.weight": (36, 16, 3, 3),
    "conv2.bias": (36,),
    "fc1.weight": (128, 1296),
    "fc1.bias": (128,),
    "fc2.weight": (10, 128),
    "fc2.bias": (10,),
}


class Expected(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 5)
        self.conv2 = nn.Conv2d(16, 36, 3)
        self.fc1 = nn.Linear(1296, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2, 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2, 2)
        return self.fc2(F.relu(self.fc1(torch.flatten(x, 1))))


def images(n, seed):
    return torch.rand(n, 3, 32, 32, generator=torch.Generator().manual_seed(seed))


def expected_output(net, X):
    reference = Expected()
    reference.load_state_dict(net.state_dict())
    with torch.no_grad():
        return reference(X)


@pytest.mark.describe(
    en="the layers have the architecture's shapes (173,742 parameters)",
    zh="各层参数形状符合网络结构（共 173,742 个参数）",
)
@pytest.mark.concepts("cnn-cnnnet-sizes")
def test_parameter_shapes_and_count(student):
    found = {info.name: info.shape for info in student.new("CNNNet").named_parameters()}
    assert found == PARAMETERS, f"parameters: {found}"
    assert sum(torch.Size(shape).numel() for shape in found.values()) == 173_742


@pytest.mark.describe(
    en="a batch (N, 3, 32, 32) gives (N, 10) logits equal to the architecture's",
    zh="输入 (N, 3, 32, 32) 得到与网络结构一致的 (N, 10) logits",
)
@pytest.mark.concepts("cnn-cnnnet-sizes")
def test_forward_matches_the_architecture(student, seed):
    net = student.new("CNNNet", seed=1)
    X = images(4, seed)
    Y = assert_tensor(net(X), shape=(4, 10), dtype=torch.float32)
    assert_close(Y, expected_output(net, X), **TOLERANCE)


@pytest.mark.describe(
    en="a batch of one image gives shape (1, 10)", zh="只有一张图像时输出形状为 (1, 10)"
)
@pytest.mark.concepts("cnn-flatten-view-pitfall")
def test_batch_of_one(student, seed):
    net = student.new("CNNNet", seed=2)
    X = images(1, seed)
    assert_close(assert_tensor(net(X), shape=(1, 10)), expected_output(net, X), **TOLERANCE)


@pytest.mark.describe(
    en="the outputs are logits: some are negative (no ReLU or softmax at the end)",
    zh="输出是 logits：其中有负数（最后不接 ReLU 或 softmax）",
)
@pytest.mark.concepts("losses-ce-relu-logits-choice")
def test_outputs_are_unclipped_logits(student, seed):
    net = student.new("CNNNet", seed=3)
    Y = assert_tensor(net(images(16, seed)), shape=(16, 10))
    # The architecture's own output on this batch has negative entries for every seed the
    # grader uses (its fc2 bias and weights are centred on 0); a clipped output has none.
    assert bool((Y < 0).any()), "no logit is negative: do not apply ReLU/softmax after fc2"
    assert not torch.allclose(Y.sum(dim=1), torch.ones(16)), "rows sum to 1: return logits"


@pytest.mark.describe(
    en="ten SGD steps with cross-entropy lower the loss",
    zh="用交叉熵做 10 步 SGD 后损失下降",
)
@pytest.mark.concepts("losses-ce-relu-logits-choice")
def test_trains_on_a_random_batch(student, seed):
    net = student.new("CNNNet", seed=4)
    generator = torch.Generator().manual_seed(seed)
    X = torch.rand(8, 3, 32, 32, generator=generator)
    y = torch.randint(0, 10, (8,), generator=generator)
    losses = net.fit(X, y, lr=0.05, steps=10)
    assert len(losses) == 10 and all(loss == loss for loss in losses), f"losses: {losses}"
    assert losses[-1] < losses[0] - 0.05, f"the loss went from {losses[0]:.3f} to {losses[-1]:.3f}"

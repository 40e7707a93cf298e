"""Hidden tests of evaluate_accuracy(net, data_iter) -> float: d2l's accuracy over a whole data set.

The net is built in the sandbox from the weights made here (`Build("tracked_module", ...)`,
`Build("scratch_softmax", ...)`); the grader builds the same net itself and computes the
expected fraction on the same batches, in eval mode under no_grad. `record_modes=True` adds
counters to the net's state_dict that show whether it ran in training mode or with
gradients. Everything is seeded; accuracies are ratios of whole numbers, compared to 1e-9.
"""

import pytest
import torch
from torch import nn

from dlprep.grader import training
from dlprep.grader.checks import assert_close, assert_tensor
from dlprep.grader.protocol import Build

FEATURES, CLASSES = 12, 5
MLP_DROPOUT = [
    "Sequential",
    ["Linear", FEATURES, 16],
    ["ReLU"],
    ["Dropout", 0.5],
    ["Linear", 16, CLASSES],
]
MLP_BATCH_NORM = [
    "Sequential",
    ["Linear", FEATURES, 8],
    ["BatchNorm1d", 8],
    ["ReLU"],
    ["Linear", 8, CLASSES],
]


def fraction(student, net, data_iter):
    """The learner's result, checked to be a Python float in [0, 1] before its value; (value, outcome)."""
    outcome = student.call("evaluate_accuracy", net, data_iter)
    value = outcome.value
    assert type(value) is float, (
        f"evaluate_accuracy must return a Python float, got {type(value).__name__}"
    )
    assert 0.0 <= value <= 1.0, (
        f"evaluate_accuracy returned {value}: a fraction of the examples lies in [0, 1] "
        "(divide the number correct by the number of examples)"
    )
    return value, outcome


def local_net(spec, seed):
    """The grader's own copy of the net: torch's init under `seed`, in eval mode."""
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        layers = [getattr(nn, kind)(*args) for kind, *args in spec[1:]]
    return nn.Sequential(*layers).eval()


def expected_accuracy(net, batches):
    correct, total = 0, 0
    with torch.no_grad():
        for X, y in batches:
            correct += int((net(X).argmax(dim=1) == y).sum())
            total += len(y)
    return correct / total


def labelled_batches(net, sizes, right, seed):
    """Batches of random features; in batch i a share right[i] of the labels equals net's prediction."""
    generator = torch.Generator().manual_seed(seed)
    batches = []
    for size, share in zip(sizes, right, strict=True):
        X = torch.randn(size, FEATURES, generator=generator) * 2
        with torch.no_grad():
            predicted = net(X).argmax(dim=1)
        wrong = (predicted + torch.randint(1, CLASSES, (size,), generator=generator)) % CLASSES
        y = torch.where(torch.arange(size) < round(share * size), predicted, wrong)
        batches.append((X, y))
    return batches


def assert_counters(state, forwards_at_least, training, grad):
    for key in ("forwards", "training_forwards", "grad_forwards"):
        assert_tensor(state[key], shape=(), dtype=torch.int64, what=f"the net's {key} counter")
    assert int(state["forwards"]) >= forwards_at_least, "the net was not run on every batch"
    if training is not None:
        assert (int(state["training_forwards"]) > 0) == training, (
            "the net ran in training mode: call net.eval() before evaluating an nn.Module"
        )
    if grad is not None:
        assert (int(state["grad_forwards"]) > 0) == grad, (
            "the net ran with gradients enabled: evaluate under torch.no_grad() "
            "(net.eval() does not switch off gradient tracking)"
        )


@pytest.mark.describe(
    en="The prompt's example: 3 of 5 examples right over batches of 3 and 2 give 0.6",
    zh="题目中的示例：大小为 3 和 2 的两个批量中 5 个样本对 3 个，得到 0.6",
)
@pytest.mark.concepts("linear-softmax-accuracy-function")
def test_worked_example(student):
    state = {"weight": torch.eye(2), "bias": torch.zeros(2)}
    batches = [
        (torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]]), torch.tensor([0, 1, 1])),
        (torch.tensor([[0.0, 2.0], [3.0, 1.0]]), torch.tensor([1, 1])),
    ]
    value, _ = fraction(
        student, Build("tracked_module", spec=["Linear", 2, 2], state=state), batches
    )
    assert_close(value, 0.6, rtol=0, atol=1e-9, what="the accuracy")


@pytest.mark.describe(
    en="Batches are weighted by their size: a smaller last batch counts less (examples, not batches, are counted)",
    zh="按批量大小加权：较小的最后一个批量占的比重更小（统计的是样本数，而不是批量数）",
)
@pytest.mark.concepts("linear-softmax-accuracy-function")
def test_weighted_by_examples_not_batches(student):
    spec = ["Sequential", ["Linear", FEATURES, CLASSES]]
    net = local_net(spec, seed=1)
    batches = labelled_batches(net, sizes=[64, 64, 10], right=[0.25, 0.25, 1.0], seed=2)
    built = Build("tracked_module", spec=spec, state=net.state_dict())
    value, _ = fraction(student, built, batches)
    assert_close(value, expected_accuracy(net, batches), rtol=0, atol=1e-9, what="the accuracy")


@pytest.mark.describe(
    en="Dropout is switched off (net.eval()): the result is the deterministic accuracy of the whole net",
    zh="关闭暂退（net.eval()）：结果是整个网络确定性的精度",
)
@pytest.mark.concepts("pytorch-practice-forgot-eval-train")
def test_dropout_net_is_evaluated_in_eval_mode(student):
    net = local_net(MLP_DROPOUT, seed=3)
    batches = labelled_batches(net, sizes=[100, 100, 50], right=[0.6, 0.6, 0.6], seed=4)
    built = Build("tracked_module", spec=MLP_DROPOUT, state=net.state_dict(), record_modes=True)
    value, outcome = fraction(student, built, batches)
    assert_counters(outcome.args[0], forwards_at_least=3, training=False, grad=None)
    assert_close(value, expected_accuracy(net, batches), rtol=0, atol=1e-9, what="the accuracy")


@pytest.mark.describe(
    en="BatchNorm uses its running statistics in eval mode and evaluating leaves every parameter and buffer unchanged",
    zh="评估模式下 BatchNorm 使用移动平均统计量，评估不改变任何参数和缓冲区",
)
@pytest.mark.concepts("pytorch-practice-forgot-eval-train")
def test_batch_norm_uses_running_statistics_and_nothing_changes(student):
    net = local_net(MLP_BATCH_NORM, seed=5)
    net[1].running_mean.fill_(1.5)
    net[1].running_var.fill_(0.3)
    before = {key: value.clone() for key, value in net.state_dict().items()}
    batches = labelled_batches(net, sizes=[40, 40, 40], right=[0.5, 0.5, 0.5], seed=6)
    value, outcome = fraction(
        student, Build("tracked_module", spec=MLP_BATCH_NORM, state=before), batches
    )
    after = outcome.args[0]
    assert isinstance(after, dict) and sorted(after) == sorted(before), (
        "the net did not come back with the same state_dict keys"
    )
    for key, old in before.items():
        assert_tensor(after[key], shape=old.shape, dtype=old.dtype, what=f"the net's {key}")
        assert_close(after[key], old, rtol=0, atol=0, what=f"the net's {key} after evaluating")
    assert_close(value, expected_accuracy(net, batches), rtol=0, atol=1e-9, what="the accuracy")


@pytest.mark.describe(
    en="The net runs under torch.no_grad() (net.eval() alone still records a graph)",
    zh="网络在 torch.no_grad() 下运行（只调用 net.eval() 仍会记录计算图）",
)
@pytest.mark.concepts("tensors-autograd-eval-is-not-no-grad")
def test_runs_without_gradients(student):
    spec = ["Sequential", ["Linear", FEATURES, CLASSES]]
    net = local_net(spec, seed=7)
    batches = labelled_batches(net, sizes=[30, 30], right=[0.5, 0.5], seed=8)
    built = Build("tracked_module", spec=spec, state=net.state_dict(), record_modes=True)
    _, outcome = fraction(student, built, batches)
    assert_counters(outcome.args[0], forwards_at_least=2, training=None, grad=False)


@pytest.mark.describe(
    en="A plain function net (d2l's from-scratch softmax regression) on FashionMNIST batches works: no .eval() on it",
    zh="普通函数形式的网络（d2l 从零实现的 softmax 回归）在 FashionMNIST 批量上也能用：不要对它调用 .eval()",
)
@pytest.mark.concepts("tensors-autograd-eval-is-not-no-grad")
def test_plain_function_net_on_fashion_mnist(student):
    generator = torch.Generator().manual_seed(9)
    W = torch.randn(784, 10, generator=generator) * 0.05
    b = torch.randn(10, generator=generator) * 0.1
    data = Build("fashion_iter", split="test", profile="quick", batch_size=256, limit=600)
    value, _ = fraction(student, Build("scratch_softmax", W=W, b=b), data)
    images, labels = training.load_parent_split("test", "quick")
    X = images[:600].reshape(-1, 784).to(torch.float32) / 255
    expected = float(((X @ W + b).argmax(dim=1) == labels[:600]).sum()) / 600
    assert_close(value, expected, rtol=0, atol=1e-9, what="the accuracy")


@pytest.mark.describe(
    en="A torch DataLoader (d2l.load_array) with a smaller last batch works",
    zh="使用最后一个批量较小的 torch DataLoader（d2l.load_array）也能用",
)
def test_torch_data_loader(student):
    spec = ["Sequential", ["Linear", FEATURES, CLASSES]]
    net = local_net(spec, seed=10)
    (X1, y1), (X2, y2) = labelled_batches(net, sizes=[90, 10], right=[0.2, 1.0], seed=11)
    X, y = torch.cat([X1, X2]), torch.cat([y1, y2])
    loader = Build("tensor_loader", X=X, y=y, batch_size=32)
    built = Build("tracked_module", spec=spec, state=net.state_dict())
    value, _ = fraction(student, built, loader)
    assert_close(value, expected_accuracy(net, [(X, y)]), rtol=0, atol=1e-9, what="the accuracy")

"""Hidden tests of accumulate_step(model, loss_fn, optimizer, X, y, micro_batch_size) -> float.

The model, the loss and the optimizer are built in the sandbox from the weights made here
(float64; the optimizer refers to that model through `keep="net"` / `params_of="net"`). The
grader builds the same model itself, takes one ordinary full-batch step with the same
optimizer, and compares the parameters after the learner's call and the returned loss.
Everything is seeded from the grading's seed; nothing is statistical.
"""

import pytest
import torch
from torch import nn

from dlprep.grader.checks import assert_close, assert_tensor
from dlprep.grader.protocol import Build

FEATURES, HIDDEN, OUTPUTS = 5, 8, 3
DTYPE = torch.float64
SPEC = [
    "Sequential",
    ["Linear", FEATURES, HIDDEN, {"dtype": DTYPE}],
    ["Tanh"],
    ["Linear", HIDDEN, OUTPUTS, {"dtype": DTYPE}],
]
TOLERANCE = {"rtol": 1e-6, "atol": 1e-6}
SGD = {"kind": "SGD", "lr": 0.5}
ADAM = {"kind": "Adam", "lr": 0.01}


def make_problem(batch_size, seed):
    """(initial state_dict, X, y): a small regression batch in float64."""
    generator = torch.Generator().manual_seed(seed)
    reference = nn.Sequential(
        nn.Linear(FEATURES, HIDDEN, dtype=DTYPE), nn.Tanh(), nn.Linear(HIDDEN, OUTPUTS, dtype=DTYPE)
    )
    state = {
        key: torch.randn(value.shape, generator=generator, dtype=DTYPE) * 0.5
        for key, value in reference.state_dict().items()
    }
    X = torch.randn(batch_size, FEATURES, generator=generator, dtype=DTYPE)
    y = torch.randn(batch_size, OUTPUTS, generator=generator, dtype=DTYPE)
    return state, X, y


def full_batch_step(state, X, y, optimizer):
    """(state_dict after, mean loss before): one ordinary step on the whole batch, by the grader."""
    net = nn.Sequential(
        nn.Linear(FEATURES, HIDDEN, dtype=DTYPE), nn.Tanh(), nn.Linear(HIDDEN, OUTPUTS, dtype=DTYPE)
    )
    net.load_state_dict(state)
    settings = {key: value for key, value in optimizer.items() if key != "kind"}
    step = getattr(torch.optim, optimizer["kind"])(net.parameters(), **settings)
    step.zero_grad()
    loss = nn.MSELoss()(net(X), y)
    loss.backward()
    step.step()
    return net.state_dict(), loss.item()


def run(student, state, X, y, micro_batch_size, optimizer, grads=None, loss=None):
    """The learner's call: (returned loss as a float, model state after, loss state, optimizer state)."""
    net = Build(
        "keep", key="net", builder="module", params={"spec": SPEC, "state": state, "grads": grads}
    )
    outcome = student.call(
        "accumulate_step",
        net,
        loss if loss is not None else Build("module", spec=["MSELoss"]),
        Build("optimizer", params_of="net", **optimizer),
        X,
        y,
        micro_batch_size,
    )
    value = outcome.value
    assert type(value) is float, (
        f"accumulate_step must return the mean loss as a Python float, got {type(value).__name__}"
    )
    return value, outcome.args[0], outcome.args[1], outcome.args[2]


def assert_parameters(after, expected, what):
    for key, value in expected.items():
        assert key in after, f"the model has no {key} after the call"
        assert_tensor(after[key], shape=value.shape, dtype=value.dtype, what=f"{key}")
        assert_close(after[key], value, **TOLERANCE, what=f"{key} after the step ({what})")


def check_step(student, seed, batch_size, micro_batch_size, optimizer, grads=None):
    state, X, y = make_problem(batch_size, seed)
    value, after, _, optimizer_state = run(
        student, state, X, y, micro_batch_size, optimizer, grads=grads
    )
    expected, _ = full_batch_step(state, X, y, optimizer)
    assert_parameters(after, expected, f"batch {batch_size}, micro_batch_size {micro_batch_size}")
    return value, optimizer_state


@pytest.mark.describe(
    en="With SGD and a batch of 12 in micro-batches of 4, the parameters equal those after one full-batch step",
    zh="使用 SGD、批量 12、微批量 4 时，参数等于在整个批量上更新一步之后的参数",
)
@pytest.mark.concepts("scale-grad-accum-divide")
def test_sgd_divisible_batch(student, seed):
    check_step(student, 100 + seed, batch_size=12, micro_batch_size=4, optimizer=SGD)


@pytest.mark.describe(
    en="With a batch of 10 in micro-batches of 4 (4, 4, 2), each micro-loss is weighted by its share of the batch",
    zh="批量 10、微批量 4（4、4、2）时，每个微批量的损失按其占批量的比例加权",
)
@pytest.mark.concepts("scale-grad-accum-divide")
def test_sgd_smaller_last_micro_batch(student, seed):
    check_step(student, 200 + seed, batch_size=10, micro_batch_size=4, optimizer=SGD)


@pytest.mark.describe(
    en="The returned value is the full-batch mean loss before the step (batch 10, micro-batches of 3)",
    zh="返回值是更新之前整个批量的平均损失（批量 10，微批量 3）",
)
@pytest.mark.concepts("scale-grad-accum-divide")
def test_returns_full_batch_mean_loss(student, seed):
    state, X, y = make_problem(10, 300 + seed)
    value, _, _, _ = run(student, state, X, y, 3, SGD)
    _, expected = full_batch_step(state, X, y, SGD)
    assert_close(value, expected, **TOLERANCE, what="the returned loss")


@pytest.mark.describe(
    en="A micro_batch_size equal to or larger than the batch gives an ordinary single step",
    zh="micro_batch_size 等于或大于批量大小时，就是普通的一步更新",
)
@pytest.mark.concepts("scale-grad-accum-divide")
def test_micro_batch_at_least_the_batch(student, seed):
    for micro_batch_size in (10, 16):
        value, _ = check_step(
            student, 400 + seed, batch_size=10, micro_batch_size=micro_batch_size, optimizer=SGD
        )
        state, X, y = make_problem(10, 400 + seed)
        _, expected = full_batch_step(state, X, y, SGD)
        assert_close(value, expected, **TOLERANCE, what="the returned loss")


@pytest.mark.describe(
    en="With Adam, the parameters equal those after ONE full-batch Adam step (optimizer.step called exactly once)",
    zh="使用 Adam 时，参数等于在整个批量上执行一次 Adam 更新之后的参数（optimizer.step 恰好调用一次）",
)
@pytest.mark.concepts("scale-grad-accum-divide")
def test_adam_single_step(student, seed):
    _, optimizer_state = check_step(
        student, 500 + seed, batch_size=12, micro_batch_size=5, optimizer=ADAM
    )
    state = optimizer_state.get("state", {})
    assert 0 in state and "step" in state[0], "Adam has no state: optimizer.step() never ran"
    steps = state[0]["step"]
    assert_tensor(steps, shape=(), what="Adam's step counter")
    assert float(steps) == 1, (
        f"optimizer.step() ran {float(steps):g} times; call it once, after the loop"
    )


@pytest.mark.describe(
    en="Gradients left in .grad before the call do not leak into the step (zero_grad once, before the loop)",
    zh="调用前残留在 .grad 中的梯度不会混入这一步（在循环之前调用一次 zero_grad）",
)
@pytest.mark.concepts("tensors-autograd-zero-grad-forms")
def test_stale_gradients_do_not_leak(student, seed):
    state, _, _ = make_problem(12, 600 + seed)
    generator = torch.Generator().manual_seed(650 + seed)
    stale = {
        key: torch.randn(value.shape, generator=generator, dtype=DTYPE)
        for key, value in state.items()
    }
    check_step(student, 600 + seed, batch_size=12, micro_batch_size=4, optimizer=SGD, grads=stale)


@pytest.mark.describe(
    en="Each micro-batch's loss is backpropagated before the next forward pass (one graph alive at a time)",
    zh="每个微批量的损失都在下一次前向传播之前完成反向传播（同一时间只保留一个计算图）",
)
@pytest.mark.concepts("scale-grad-accum-caveats")
def test_one_graph_alive_at_a_time(student, seed):
    state, X, y = make_problem(12, 700 + seed)
    _, _, counters, _ = run(
        student, state, X, y, 4, SGD, loss=Build("tracked_loss", spec=["MSELoss"])
    )
    for key in ("calls", "backwards", "overlaps"):
        assert_tensor(counters[key], shape=(), dtype=torch.int64, what=f"the loss's {key} counter")
    calls, backwards, overlaps = (int(counters[key]) for key in ("calls", "backwards", "overlaps"))
    assert calls == 3, f"loss_fn ran {calls} times for 3 micro-batches of 4 examples"
    assert overlaps == 0, (
        f"{overlaps} micro-batch losses were computed while an earlier one had not been "
        "backpropagated: call backward() on each micro-batch loss inside the loop"
    )
    assert backwards == calls, f"only {backwards} of {calls} micro-batch losses were backpropagated"

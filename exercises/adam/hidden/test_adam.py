"""Hidden tests of adam(params, states, hyperparams) and init_adam_states(feature_dim): d2l's Adam.

Parameters cross as Build("params", values=..., grads=...): leaf tensors with `.grad` set in
the child, which come back as a state_dict of values ("0", "1", ...) and gradients ("0.grad").
The states and the hyperparams dict come back as they are after the call, so several steps
are chained from here. Expected values come from torch.optim.Adam(betas=(0.9, 0.999),
eps=1e-6), which computes the same update; everything is deterministic.
"""

import pytest
import torch

from dlprep.grader.checks import assert_close, assert_tensor
from dlprep.grader.protocol import Build

EPS = 1e-6
TOLERANCE = {"rtol": 1e-5, "atol": 1e-6}


def random_tensors(shapes, seed, scale=1.0):
    generator = torch.Generator().manual_seed(seed)
    return [torch.randn(shape, generator=generator) * scale for shape in shapes]


def zero_states(values):
    return tuple((torch.zeros_like(value), torch.zeros_like(value)) for value in values)


def adam_step(student, values, grads, states, hyperparams):
    """One call of the submission's adam; (values, grads, states, hyperparams) after it."""
    outcome = student.call("adam", Build("params", values=values, grads=grads), states, hyperparams)
    returned, states_after, hyper_after = outcome.args
    assert isinstance(returned, dict), "the parameters did not come back"
    new_values, new_grads = [], []
    for index, value in enumerate(values):
        new_values.append(
            assert_tensor(
                returned.get(str(index)),
                shape=value.shape,
                dtype=value.dtype,
                what=f"params[{index}]",
            )
        )
        new_grads.append(returned.get(f"{index}.grad"))
    return new_values, new_grads, states_after, hyper_after


def torch_adam(values, grads_per_step, lr):
    """Values and (exp_avg, exp_avg_sq) per parameter after len(grads_per_step) torch.optim.Adam steps."""
    params = [value.clone().requires_grad_() for value in values]
    optimizer = torch.optim.Adam(params, lr=lr, betas=(0.9, 0.999), eps=EPS)
    for grads in grads_per_step:
        for param, grad in zip(params, grads, strict=True):
            param.grad = grad.clone()
        optimizer.step()
    moments = [(optimizer.state[p]["exp_avg"], optimizer.state[p]["exp_avg_sq"]) for p in params]
    return [param.detach() for param in params], moments


def himmelblau(x):
    return (x[0] ** 2 + x[1] - 11) ** 2 + (x[0] + x[1] ** 2 - 7) ** 2


@pytest.mark.describe(
    en="init_adam_states(d) returns ((v_w, s_w), (v_b, s_b)): zeros of shape (d, 1) and (1,)",
    zh="init_adam_states(d) 返回 ((v_w, s_w), (v_b, s_b))：形状为 (d, 1) 和 (1,) 的全零张量",
)
@pytest.mark.concepts("optimization-adam-two-moments")
def test_init_adam_states(student):
    states = student.init_adam_states(3)
    assert isinstance(states, (tuple, list)) and len(states) == 2, (
        "expected ((v_w, s_w), (v_b, s_b))"
    )
    for name, pair, shape in (("weights", states[0], (3, 1)), ("bias", states[1], (1,))):
        assert isinstance(pair, (tuple, list)) and len(pair) == 2, f"expected (v, s) for the {name}"
        for moment, tensor in zip(("v", "s"), pair, strict=True):
            what = f"{moment} of the {name}"
            assert_tensor(tensor, shape=shape, dtype=torch.float32, what=what)
            assert_close(tensor, torch.zeros(shape), rtol=0, atol=0, what=what)


@pytest.mark.describe(
    en="one step from zero states matches torch.optim.Adam (betas 0.9, 0.999, eps 1e-6)",
    zh="从零状态出发的一步与 torch.optim.Adam（betas 0.9、0.999，eps 1e-6）一致",
)
@pytest.mark.concepts("optimization-adam-update")
def test_one_step_matches_torch_adam(student):
    values = random_tensors([(4, 1), (1,)], seed=1)
    grads = random_tensors([(4, 1), (1,)], seed=2)
    new_values, _, _, _ = adam_step(
        student, values, grads, zero_states(values), {"lr": 0.01, "t": 1}
    )
    expected, _ = torch_adam(values, [grads], lr=0.01)
    for index, (got, want) in enumerate(zip(new_values, expected, strict=True)):
        assert_close(got, want, **TOLERANCE, what=f"params[{index}] after one step")


@pytest.mark.describe(
    en="bias correction: the first step moves every coordinate by about lr, whatever the gradient's size",
    zh="偏差修正：第一步每个坐标都移动约 lr，与梯度大小无关",
)
@pytest.mark.concepts("optimization-adam-first-step", "optimization-adam-bias-correction-formula")
def test_first_step_has_size_lr(student):
    values = [torch.zeros(6)]
    grads = [torch.tensor([100.0, -3.0, 0.5, -0.05, 0.02, -20.0])]
    new_values, _, _, _ = adam_step(
        student, values, grads, zero_states(values), {"lr": 0.1, "t": 1}
    )
    # g / (|g| + 1e-6) is within 1e-4 of sign(g) for |g| >= 0.02
    assert_close(new_values[0], -0.1 * grads[0].sign(), rtol=1e-4, atol=0, what="the first step")


@pytest.mark.describe(
    en="v and s are updated in place: v = 0.1 g and s = 0.001 g² after the first step",
    zh="v 和 s 被原地更新：第一步后 v = 0.1 g，s = 0.001 g²",
)
@pytest.mark.concepts("optimization-adam-two-moments")
def test_states_are_updated_in_place(student):
    values = random_tensors([(3, 1), (1,)], seed=3)
    grads = random_tensors([(3, 1), (1,)], seed=4)
    _, _, states, _ = adam_step(student, values, grads, zero_states(values), {"lr": 0.01, "t": 1})
    for index, ((v, s), grad) in enumerate(zip(states, grads, strict=True)):
        assert_tensor(v, shape=grad.shape, dtype=torch.float32, what=f"v of params[{index}]")
        assert_tensor(s, shape=grad.shape, dtype=torch.float32, what=f"s of params[{index}]")
        assert_close(v, 0.1 * grad, **TOLERANCE, what=f"v of params[{index}] (updated in place?)")
        assert_close(
            s, 0.001 * grad**2, **TOLERANCE, what=f"s of params[{index}] (updated in place?)"
        )


@pytest.mark.describe(
    en="hyperparams['t'] goes up by exactly 1 per call, and each gradient is zeroed",
    zh="每次调用 hyperparams['t'] 恰好加 1，并且每个梯度都被清零",
)
def test_step_count_and_gradients_after_the_call(student):
    values = random_tensors([(3, 1), (1,)], seed=5)
    grads = random_tensors([(3, 1), (1,)], seed=6)
    _, new_grads, _, hyperparams = adam_step(
        student, values, grads, zero_states(values), {"lr": 0.01, "t": 3}
    )
    assert isinstance(hyperparams, dict) and hyperparams.get("t") == 4, (
        f"expected hyperparams['t'] to go from 3 to 4, got {hyperparams!r}"
    )
    for index, (grad, value) in enumerate(zip(new_grads, values, strict=True)):
        assert grad is not None, f"params[{index}].grad is None: zero it in place, do not drop it"
        assert_tensor(grad, shape=value.shape, dtype=torch.float32, what=f"params[{index}].grad")
        assert_close(grad, torch.zeros_like(value), rtol=0, atol=0, what=f"params[{index}].grad")


@pytest.mark.describe(
    en="five chained steps (states and t carried over) match five torch.optim.Adam steps",
    zh="连续五步（沿用状态和 t）与 torch.optim.Adam 的五步一致",
)
@pytest.mark.concepts("optimization-adam-bias-correction-formula")
def test_chained_steps_match_torch_adam(student):
    values = random_tensors([(5, 1), (1,)], seed=7)
    grads_per_step = [
        random_tensors([(5, 1), (1,)], seed=10 + step, scale=0.1) for step in range(5)
    ]
    current, states, hyperparams = values, zero_states(values), {"lr": 0.03, "t": 1}
    for grads in grads_per_step:
        current, _, states, hyperparams = adam_step(student, current, grads, states, hyperparams)
    expected, moments = torch_adam(values, grads_per_step, lr=0.03)
    for index, (got, want) in enumerate(zip(current, expected, strict=True)):
        assert_close(got, want, **TOLERANCE, what=f"params[{index}] after five steps")
    for index, ((v, s), (m1, m2)) in enumerate(zip(states, moments, strict=True)):
        assert_close(v, m1, **TOLERANCE, what=f"v of params[{index}] after five steps")
        assert_close(s, m2, **TOLERANCE, what=f"s of params[{index}] after five steps")


@pytest.mark.describe(
    en="300 steps with lr 0.05 from (0, 0) minimise Himmelblau's function to f < 1e-6",
    zh="从 (0, 0) 出发、lr 0.05 运行 300 步，把 Himmelblau 函数降到 f < 1e-6",
)
@pytest.mark.concepts("optimization-adam-himmelblau")
def test_minimises_himmelblau(student):
    x = torch.zeros(2)
    states, hyperparams = zero_states([x]), {"lr": 0.05, "t": 1}
    for _ in range(300):
        point = x.clone().requires_grad_()
        himmelblau(point).backward()
        (x,), _, states, hyperparams = adam_step(student, [x], [point.grad], states, hyperparams)
    value = float(himmelblau(x))
    assert value < 1e-6, f"after 300 steps f({x.tolist()}) = {value:.3g}, expected < 1e-6"

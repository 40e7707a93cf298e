"""Hidden tests of grad_clipping(net, theta): d2l's clipping of all gradients by their global L2 norm.

The net is built in the sandbox with Build("module", ..., grads=..., report_grads=True): its
state_dict, which is how it comes back, then also holds "<name>.grad" for every parameter
with a gradient. A `.params` object is Build("params_holder", ...), whose state_dict holds
"params.<i>" and "params.<i>.grad". Everything is deterministic.
"""

import math

import pytest
import torch

from dlprep.grader.checks import assert_close, assert_tensor
from dlprep.grader.protocol import Build

TOLERANCE = {"rtol": 1e-5, "atol": 1e-6}
MLP = ["Sequential", ["Linear", 4, 3], ["ReLU"], ["Linear", 3, 2]]
SHAPES = {"0.weight": (3, 4), "0.bias": (3,), "2.weight": (2, 3), "2.bias": (2,)}


def gradients(seed, scale=1.0, shapes=SHAPES):
    generator = torch.Generator().manual_seed(seed)
    return {name: torch.randn(shape, generator=generator) * scale for name, shape in shapes.items()}


def global_norm(grads):
    return math.sqrt(sum(float((grad.double() ** 2).sum()) for grad in grads.values()))


def clip(student, grads, theta, frozen=None):
    """Run grad_clipping on the MLP with these gradients; the gradients afterwards, by name."""
    net = Build("module", spec=MLP, grads=grads, frozen=frozen or [], report_grads=True)
    outcome = student.call("grad_clipping", net, theta)
    assert outcome.value is None, f"grad_clipping should return None, got {outcome.value!r}"
    state = outcome.args[0]
    return {name: state.get(f"{name}.grad") for name in grads}


def check_grads(after, expected, what):
    for name, want in expected.items():
        got = after.get(name)
        assert got is not None, f"the gradient of {name} is gone ({what})"
        assert_tensor(got, shape=want.shape, dtype=torch.float32, what=f"the gradient of {name}")
        assert_close(got, want, **TOLERANCE, what=f"the gradient of {name} ({what})")


@pytest.mark.describe(
    en="a global norm above theta is scaled down to exactly theta by one factor theta / norm",
    zh="全局范数大于 theta 时，所有梯度乘以同一个因子 theta / norm，范数恰好变为 theta",
)
@pytest.mark.concepts("optimization-clip-norm-formula")
def test_large_gradients_are_scaled_to_theta(student):
    grads = gradients(seed=1, scale=3.0)
    norm = global_norm(grads)
    after = clip(student, grads, theta=1.0)
    check_grads(after, {name: grad / norm for name, grad in grads.items()}, "clipped to norm 1")
    assert abs(global_norm(after) - 1.0) < 1e-5, (
        f"the global norm is {global_norm(after):.6f}, not 1"
    )


@pytest.mark.describe(
    en="gradients whose global norm is already at most theta are left exactly as they were",
    zh="全局范数已不超过 theta 的梯度完全保持不变",
)
@pytest.mark.concepts("optimization-clip-norm-formula")
def test_small_gradients_are_unchanged(student):
    grads = gradients(seed=2, scale=0.1)
    after = clip(student, grads, theta=global_norm(grads) * 1.5)
    for name, grad in grads.items():
        got = assert_tensor(
            after.get(name), shape=grad.shape, dtype=torch.float32, what=f"the gradient of {name}"
        )
        assert_close(got, grad, rtol=0, atol=0, what=f"the gradient of {name}")


@pytest.mark.describe(
    en="one norm over all parameters: tensors each below theta are still scaled when the total is above",
    zh="对所有参数只算一个范数：即使每个张量的范数都小于 theta，总范数超过时仍要缩放",
)
@pytest.mark.concepts("numerical-stability-clip-grad-norm")
def test_norm_is_global_not_per_tensor(student):
    grads = {name: torch.full(shape, 0.3) for name, shape in SHAPES.items()}
    theta = 1.2  # each tensor's norm is at most 0.3 * sqrt(12) = 1.04 < 1.2; the total 0.3 * sqrt(23) = 1.44
    assert max(global_norm({n: g}) for n, g in grads.items()) < theta < global_norm(grads)
    after = clip(student, grads, theta)
    factor = theta / global_norm(grads)
    check_grads(after, {name: grad * factor for name, grad in grads.items()}, "one common factor")


@pytest.mark.describe(
    en="parameters that do not require grad are skipped: not counted in the norm, not changed",
    zh="不需要梯度的参数被跳过：不计入范数，也不被修改",
)
@pytest.mark.concepts("numerical-stability-clip-grad-norm")
def test_frozen_parameters_are_skipped(student):
    grads = gradients(seed=3, scale=2.0)
    grads["0.weight"] = torch.full((3, 4), 50.0)  # a stale gradient of a frozen layer
    frozen = ["0.weight", "0.bias"]
    trainable = {name: grad for name, grad in grads.items() if name not in frozen}
    norm = global_norm(trainable)
    after = clip(student, grads, theta=1.0, frozen=frozen)
    expected = {name: grad / norm for name, grad in trainable.items()}
    expected.update({name: grads[name] for name in frozen})
    check_grads(after, expected, "frozen layer skipped")


@pytest.mark.describe(
    en="works on an object with .params (d2l's from-scratch models), not only on nn.Module",
    zh="对带 .params 的对象（d2l 从零实现的模型）也能工作，不只是 nn.Module",
)
def test_object_with_params(student):
    generator = torch.Generator().manual_seed(4)
    values = [torch.randn(5, 3, generator=generator), torch.randn(3, generator=generator)]
    grads = [torch.randn(5, 3, generator=generator) * 4, torch.randn(3, generator=generator) * 4]
    norm = global_norm(dict(enumerate(grads)))
    outcome = student.call("grad_clipping", Build("params_holder", values=values, grads=grads), 2.0)
    assert outcome.value is None, f"grad_clipping should return None, got {outcome.value!r}"
    state = outcome.args[0]
    assert isinstance(state, dict), "the .params object did not come back"
    after = {index: state.get(f"params.{index}.grad") for index in range(2)}
    check_grads(after, {index: grad * 2.0 / norm for index, grad in enumerate(grads)}, ".params")
    for index, value in enumerate(values):
        assert_close(state[f"params.{index}"], value, rtol=0, atol=0, what=f"params[{index}]")

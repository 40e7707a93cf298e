"""Hidden tests of xavier(m): d2l's nn.init.xavier_uniform_(m.weight) for nn.Linear only.

Modules are built in the sandbox with Build("module", spec=..., state=...) and come back as
their state_dict; biases and other layers start from known constants, so "untouched" is exact.
Xavier uniform is U(-a, a) with a = sqrt(6 / (fan_in + fan_out)): max |w| <= a holds always.
On a 200 x 300 weight (n = 60,000) the statistics have bounds of more than 6 standard errors
(seeds are fixed, so a correct implementation passes every time; per seed the chance of a
failure is below 1e-8):
  variance: a² / 3, relative standard error 3 * sqrt(1/5 - 1/9) / sqrt(n) = 0.37 %  -> 3 %  (8 SE)
  mean:     standard error a / sqrt(3 n) = 2.6e-4                              -> 2e-3 (7.7 SE)
  max |w| >= 0.99 a: fails with probability 0.99 ** n = e^-603
"""

import math

import pytest
import torch

from dlprep.grader.checks import assert_close, assert_tensor
from dlprep.grader.protocol import Build


def linear(in_features, out_features):
    state = {
        "weight": torch.full((out_features, in_features), 5.0),
        "bias": torch.full((out_features,), 0.5),
    }
    return Build("module", spec=["Linear", in_features, out_features], state=state), state


def call(student, module, seed):
    outcome = student.call("xavier", module, seed=seed)
    assert outcome.value is None, f"xavier should return None, got {outcome.value!r}"
    return outcome.args[0]


def bound(fan_in, fan_out):
    return math.sqrt(6 / (fan_in + fan_out))


def initialised_weight(student, fan_in, fan_out, seed):
    module, _ = linear(fan_in, fan_out)
    state = call(student, module, seed)
    return assert_tensor(
        state.get("weight"), shape=(fan_out, fan_in), dtype=torch.float32, what="weight"
    )


@pytest.mark.describe(
    en="every Linear weight lies within ±sqrt(6 / (fan_in + fan_out)) for several layer sizes",
    zh="对多种层大小，Linear 的每个权重都落在 ±sqrt(6 / (fan_in + fan_out)) 以内",
)
@pytest.mark.concepts("numerical-stability-xavier-formulas")
@pytest.mark.parametrize(("fan_in", "fan_out"), [(300, 200), (784, 256), (10, 3), (2, 64)])
def test_weights_lie_within_the_xavier_bound(student, fan_in, fan_out):
    weight = initialised_weight(student, fan_in, fan_out, seed=fan_in + fan_out)
    a = bound(fan_in, fan_out)
    largest = float(weight.abs().max())
    assert largest <= a * (1 + 1e-6), (
        f"a weight reaches {largest:.4f}, beyond the Xavier bound sqrt(6 / ({fan_in} + {fan_out})) = {a:.4f}"
    )
    assert not torch.equal(weight, torch.full_like(weight, 5.0)), "the weight was not initialised"


@pytest.mark.describe(
    en="on a 200 x 300 layer: variance ≈ 2 / (fan_in + fan_out), mean ≈ 0, values up to the bound (uniform)",
    zh="在 200 x 300 的层上：方差 ≈ 2 / (fan_in + fan_out)，均值 ≈ 0，取值一直到边界（均匀分布）",
)
@pytest.mark.concepts(
    "numerical-stability-xavier-bound-choice", "numerical-stability-xavier-derivation"
)
@pytest.mark.parametrize("seed", [1, 2])
def test_statistics_of_xavier_uniform(student, seed):
    weight = initialised_weight(student, 300, 200, seed)
    a = bound(300, 200)
    variance, expected = float(weight.var()), 2 / (300 + 200)
    assert abs(variance / expected - 1) < 0.03, (
        f"the weights' variance is {variance:.5f}, Xavier gives 2 / (fan_in + fan_out) = {expected:.5f}"
    )
    mean = float(weight.mean())
    assert abs(mean) < 2e-3, f"the weights' mean is {mean:.4f}, expected 0"
    largest = float(weight.abs().max())
    assert largest >= 0.99 * a, (
        f"the largest |w| is {largest:.4f}, but a uniform U(-{a:.4f}, {a:.4f}) reaches {0.99 * a:.4f}"
    )


@pytest.mark.describe(
    en="the Linear bias is left exactly as it was",
    zh="Linear 的偏置完全保持不变",
)
@pytest.mark.concepts("pytorch-practice-nn-init-functions")
def test_bias_is_untouched(student):
    module, before = linear(20, 30)
    state = call(student, module, seed=3)
    bias = assert_tensor(state.get("bias"), shape=(30,), dtype=torch.float32, what="bias")
    assert_close(bias, before["bias"], rtol=0, atol=0, what="the bias")


@pytest.mark.describe(
    en="other modules (Conv2d, ReLU, a Sequential block holding them) are left untouched",
    zh="其他模块（Conv2d、ReLU，以及包含它们的 Sequential 块）保持不变",
)
@pytest.mark.concepts("pytorch-practice-apply-visits-all")
@pytest.mark.parametrize("container", [False, True], ids=["Conv2d", "Sequential"])
def test_other_modules_are_untouched(student, container):
    state = {"weight": torch.full((4, 1, 3, 3), 3.0), "bias": torch.full((4,), 0.5)}
    spec = ["Conv2d", 1, 4, 3]
    if container:
        spec = ["Sequential", spec, ["ReLU"]]
        state = {f"0.{key}": value for key, value in state.items()}
    after = call(student, Build("module", spec=spec, state=state), seed=4)
    for key, value in state.items():
        got = assert_tensor(after.get(key), shape=value.shape, dtype=torch.float32, what=key)
        assert_close(got, value, rtol=0, atol=0, what=key)
    assert call(student, Build("module", spec=["ReLU"]), seed=5) == {}

"""Hidden tests of init_weights(m): d2l's nn.init.normal_(m.weight, std=0.01) for nn.Linear only.

Modules are built in the sandbox with Build("module", spec=..., state=...) and come back as
their state_dict. Biases and other layers start from known constants, so "untouched" is an
exact check. The statistics of a 512 x 256 weight (n = 131,072 draws of N(0, 0.01²)) are
checked with bounds of more than 6 standard errors, so a correct implementation fails with
probability below 1e-8 per seed (and the seeds are fixed, so the outcome never changes):
  mean:  standard error 0.01 / sqrt(n) = 2.8e-5        -> bound 2e-4   (7 standard errors)
  std:   relative standard error 1 / sqrt(2n) = 0.20 % -> bound 2 %    (10 standard errors)
  share of |w| < 0.01 (0.6827 for a normal, 0.577 for a uniform of the same std):
         standard error sqrt(0.68 * 0.32 / n) = 1.3e-3 -> bound 0.01   (7.7 standard errors)
"""

import math

import pytest
import torch

from dlprep.grader.checks import assert_close, assert_tensor
from dlprep.grader.protocol import Build

STD = 0.01
WITHIN_ONE_STD = math.erf(1 / math.sqrt(2))  # 0.6827 for a normal distribution


def linear(in_features, out_features, bias_value=0.5, weight_value=5.0):
    state = {
        "weight": torch.full((out_features, in_features), weight_value),
        "bias": torch.full((out_features,), bias_value),
    }
    return Build("module", spec=["Linear", in_features, out_features], state=state), state


def call(student, module, seed):
    outcome = student.call("init_weights", module, seed=seed)
    assert outcome.value is None, f"init_weights should return None, got {outcome.value!r}"
    return outcome.args[0]


@pytest.mark.describe(
    en="a Linear weight becomes N(0, 0.01²): mean ≈ 0, std ≈ 0.01, normal-shaped (512 x 256, two seeds)",
    zh="Linear 的权重变为 N(0, 0.01²)：均值 ≈ 0、标准差 ≈ 0.01、呈正态分布（512 x 256，两个种子）",
)
@pytest.mark.concepts("numerical-stability-init-api-normal")
@pytest.mark.parametrize("seed", [1, 2])
def test_linear_weight_is_normal_with_std_001(student, seed):
    module, _ = linear(256, 512)
    state = call(student, module, seed)
    weight = assert_tensor(
        state.get("weight"), shape=(512, 256), dtype=torch.float32, what="weight"
    )
    mean, std = float(weight.mean()), float(weight.std())
    assert abs(mean) < 2e-4, (
        f"the weight's mean is {mean:.5f}, expected 0 (std is the keyword std=)"
    )
    assert abs(std / STD - 1) < 0.02, f"the weight's std is {std:.5f}, expected {STD}"
    share = float((weight.abs() < STD).float().mean())
    assert abs(share - WITHIN_ONE_STD) < 0.01, (
        f"{share:.3f} of the weights are within one std of 0, a normal distribution has "
        f"{WITHIN_ONE_STD:.3f}: draw them with nn.init.normal_"
    )


@pytest.mark.describe(
    en="the Linear bias is left exactly as it was, also on a small layer",
    zh="Linear 的偏置完全保持不变，小层也一样",
)
@pytest.mark.concepts("pytorch-practice-nn-init-functions")
@pytest.mark.parametrize(
    ("in_features", "out_features"), [(256, 512), (3, 2)], ids=["512x256", "2x3"]
)
def test_bias_is_untouched(student, in_features, out_features):
    module, before = linear(in_features, out_features)
    state = call(student, module, seed=3)
    bias = assert_tensor(state.get("bias"), shape=(out_features,), dtype=torch.float32, what="bias")
    assert_close(bias, before["bias"], rtol=0, atol=0, what="the bias")
    weight = assert_tensor(
        state.get("weight"), shape=(out_features, in_features), dtype=torch.float32, what="weight"
    )
    assert not torch.equal(weight, before["weight"]), "the Linear weight was not initialised"


@pytest.mark.describe(
    en="other module types (Conv2d, and a Sequential of Conv2d, ReLU, Flatten) are left untouched",
    zh="其他类型的模块（Conv2d，以及由 Conv2d、ReLU、Flatten 组成的 Sequential）保持不变",
)
@pytest.mark.concepts("pytorch-practice-apply-visits-all")
@pytest.mark.parametrize("container", [False, True], ids=["Conv2d", "Sequential"])
def test_other_modules_are_untouched(student, container):
    state = {"weight": torch.full((4, 1, 3, 3), 3.0), "bias": torch.full((4,), 0.5)}
    spec = ["Conv2d", 1, 4, 3]
    if container:
        spec = ["Sequential", spec, ["ReLU"], ["Flatten"]]
        state = {f"0.{key}": value for key, value in state.items()}
    after = call(student, Build("module", spec=spec, state=state), seed=4)
    for key, value in state.items():
        got = assert_tensor(after.get(key), shape=value.shape, dtype=torch.float32, what=key)
        assert_close(got, value, rtol=0, atol=0, what=key)


@pytest.mark.describe(
    en="modules without parameters (ReLU, Flatten) and a Linear without bias raise nothing",
    zh="没有参数的模块（ReLU、Flatten）和没有偏置的 Linear 都不会报错",
)
@pytest.mark.concepts("pytorch-practice-apply-visits-all")
def test_modules_net_apply_also_visits(student):
    for spec in (["ReLU"], ["Flatten"]):
        assert call(student, Build("module", spec=spec), seed=5) == {}
    state = call(student, Build("module", spec=["Linear", 64, 32, {"bias": False}]), seed=6)
    weight = assert_tensor(state.get("weight"), shape=(32, 64), dtype=torch.float32, what="weight")
    assert float(weight.abs().max()) < 0.1, (
        "the weight of a Linear without bias was not initialised"
    )

"""Hidden tests of log_rmse(net, features, labels) -> float: d2l's house-price error.

sqrt(mean((log(clamp(net(X), 1, inf)) - log(y)) ** 2)) as a Python float. The net is a
Linear layer built in the sandbox with known weights; the grader builds the same layer and
computes the expected value itself (in float64 from the float32 predictions).
"""

import math

import pytest
import torch
from torch import nn

from dlprep.grader.protocol import Build

RTOL = 1e-5


def linear_net(weight, bias):
    state = {"weight": weight, "bias": bias}
    local = nn.Linear(weight.shape[1], 1)
    local.load_state_dict(state)
    return Build("module", spec=["Linear", weight.shape[1], 1], state=state), local


def expected_log_rmse(local, features, labels):
    with torch.no_grad():
        preds = torch.clamp(local(features), 1, float("inf")).double()
    return math.sqrt(float(((preds.log() - labels.double().log()) ** 2).mean()))


def house_data(n, d, seed):
    """Features, positive prices around 1e5, and a linear net whose predictions are near them."""
    generator = torch.Generator().manual_seed(seed)
    features = torch.randn(n, d, generator=generator)
    weight = torch.randn(1, d, generator=generator) * 2e4
    labels = torch.exp(torch.randn(n, 1, generator=generator) * 0.3 + 11.5)
    return features, labels, weight, torch.tensor([1e5])


def check_value(value, expected):
    assert type(value) is float, (
        f"expected a Python float (use .item()), got {type(value).__name__} {value!r}"[:200]
    )
    assert math.isfinite(value), f"log_rmse returned {value}: clamp the predictions to [1, inf)"
    assert math.isclose(value, expected, rel_tol=RTOL), (
        f"log_rmse returned {value:.6f}, expected {expected:.6f}"
    )


@pytest.mark.describe(
    en="the worked example: predictions [100, 0.5, -20] against [110, 2, 1] give 0.40395",
    zh="示例：预测 [100, 0.5, -20] 对标签 [110, 2, 1]，结果为 0.40395",
)
@pytest.mark.concepts("numerical-stability-log-rmse-clamp")
def test_worked_example_from_the_prompt(student):
    net, local = linear_net(torch.ones(1, 1), torch.zeros(1))
    features = torch.tensor([[100.0], [0.5], [-20.0]])
    labels = torch.tensor([[110.0], [2.0], [1.0]])
    value = student.log_rmse(net, features, labels)
    check_value(value, expected_log_rmse(local, features, labels))
    assert abs(value - 0.40395) < 1e-4, f"log_rmse returned {value:.5f}, expected 0.40395"


@pytest.mark.describe(
    en="equals sqrt(mean((log pred - log y)²)) on house-price-like data (mean, not sum; natural log)",
    zh="在类似房价的数据上等于 sqrt(mean((log pred - log y)²))（均值而非求和；自然对数）",
)
@pytest.mark.concepts("data-log-rmse-code")
@pytest.mark.parametrize(("n", "d"), [(64, 5), (7, 3)])
def test_matches_the_formula(student, n, d):
    features, labels, weight, bias = house_data(n, d, seed=n)
    net, local = linear_net(weight, bias)
    check_value(student.log_rmse(net, features, labels), expected_log_rmse(local, features, labels))


@pytest.mark.describe(
    en="predictions of 0 or below are clamped to 1: the result is finite, never NaN or inf",
    zh="小于等于 0 的预测被截断为 1：结果是有限值，不会是 NaN 或 inf",
)
@pytest.mark.concepts("numerical-stability-log-rmse-clamp")
def test_non_positive_predictions_are_clamped(student):
    features, labels, weight, _ = house_data(40, 4, seed=3)
    # bias -1e5 with weights of 2e4: most predictions are negative, a few are exactly 0
    features[:3] = 0.0
    net, local = linear_net(weight, torch.tensor([-1e5]))
    check_value(student.log_rmse(net, features, labels), expected_log_rmse(local, features, labels))


@pytest.mark.describe(
    en="a perfect prediction gives 0.0, and a prediction off by a factor e everywhere gives 1.0",
    zh="完全准确的预测得 0.0，处处相差 e 倍的预测得 1.0",
)
@pytest.mark.concepts("data-log-rmse-why")
def test_relative_error_scale(student):
    features = torch.tensor([[1e3], [5e4], [2e5]])
    perfect, _ = linear_net(torch.ones(1, 1), torch.zeros(1))
    check_value(student.log_rmse(perfect, features, features.clone()), 0.0)
    scaled, _ = linear_net(torch.full((1, 1), math.e), torch.zeros(1))
    check_value(student.log_rmse(scaled, features, features.clone()), 1.0)

"""Hidden tests of batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum) -> (Y, moving_mean, moving_var).

d2l's convention: training mode when grad is enabled (batch mean and *biased* variance, over
dim 0 for 2-D input and over (0, 2, 3) for 4-D input), inference mode under torch.no_grad()
(the moving statistics), and moving = momentum * moving + (1 - momentum) * batch. Expected
values are computed here, in the grader, with torch.nn.functional.batch_norm and autograd.
"""

import pytest
import torch
from torch.nn import functional as F

from dlprep.grader.checks import assert_close, assert_finite, assert_tensor
from dlprep.grader.errors import SubmissionRaised

EPS = 1e-5
MOMENTUM = 0.9
DTYPES = pytest.mark.parametrize(
    "dtype", [torch.float32, torch.float64], ids=["float32", "float64"]
)
LAYOUTS = pytest.mark.parametrize("shape", [(8, 5), (4, 3, 5, 5)], ids=["2-D", "4-D"])


def tolerance(dtype):
    return {"rtol": 1e-4, "atol": 1e-5} if dtype == torch.float32 else {"rtol": 1e-9, "atol": 1e-10}


def make_inputs(shape, dtype=torch.float32, seed=0):
    """X with per-feature offsets and scales, and gamma, beta, moving statistics shaped as d2l's layer keeps them."""
    generator = torch.Generator().manual_seed(seed)
    channels = shape[1]
    stat_shape = (1, channels) if len(shape) == 2 else (1, channels, 1, 1)
    X = torch.randn(shape, generator=generator, dtype=dtype) * 3 + 2
    gamma = torch.rand(stat_shape, generator=generator, dtype=dtype) + 0.5
    beta = torch.randn(stat_shape, generator=generator, dtype=dtype)
    moving_mean = torch.randn(stat_shape, generator=generator, dtype=dtype)
    moving_var = torch.rand(stat_shape, generator=generator, dtype=dtype) + 0.5
    return X, gamma, beta, moving_mean, moving_var


def reduce_dims(X):
    return (0,) if X.dim() == 2 else (0, 2, 3)


def expected_training_output(X, gamma, beta):
    """Y in training mode: F.batch_norm normalises with the batch mean and biased variance."""
    return F.batch_norm(X, None, None, gamma.flatten(), beta.flatten(), training=True, eps=EPS)


def expected_moving_statistics(X, moving_mean, moving_var):
    """d2l's update: momentum weights the OLD value (nn.BatchNorm2d's momentum weights the new one)."""
    dims = reduce_dims(X)
    mean = X.mean(dim=dims, keepdim=True).reshape(moving_mean.shape)
    var = X.var(dim=dims, unbiased=False, keepdim=True).reshape(moving_var.shape)
    return (
        MOMENTUM * moving_mean + (1 - MOMENTUM) * mean,
        MOMENTUM * moving_var + (1 - MOMENTUM) * var,
    )


@pytest.mark.describe(
    en="the worked example of the prompt gives the stated Y and moving statistics",
    zh="题目中的示例得到给出的 Y 和移动统计量",
)
@pytest.mark.concepts("normalization-bn-formula")
def test_worked_example_from_the_prompt(student):
    """X = [[1, 2], [3, 6]]: Y = [[-1, -1], [1, 1]], moving mean [[0.2, 0.4]], moving var [[1.0, 1.3]]."""
    X = torch.tensor([[1.0, 2.0], [3.0, 6.0]])
    Y, moving_mean, moving_var = student.batch_norm(
        X, torch.ones(1, 2), torch.zeros(1, 2), torch.zeros(1, 2), torch.ones(1, 2), EPS, MOMENTUM
    )
    assert_close(Y, torch.tensor([[-1.0, -1.0], [1.0, 1.0]]), atol=1e-4, rtol=0, what="Y")
    assert_close(moving_mean, torch.tensor([[0.2, 0.4]]), atol=1e-6, rtol=0, what="moving_mean")
    assert_close(moving_var, torch.tensor([[1.0, 1.3]]), atol=1e-6, rtol=0, what="moving_var")


@LAYOUTS
@DTYPES
@pytest.mark.describe(
    en="training mode normalises with the batch mean and biased variance",
    zh="训练模式用批量均值和有偏方差做规范化",
)
@pytest.mark.concepts(
    "normalization-bn-computation", "normalization-bn-formula", "normalization-bn-conv-stats-cloze"
)
def test_training_mode_normalises_with_batch_mean_and_biased_variance(student, shape, dtype):
    """Per feature (2-D) or per channel (4-D): Y = gamma * (X - mean) / sqrt(var + eps) + beta."""
    X, gamma, beta, moving_mean, moving_var = make_inputs(shape, dtype)
    Y, _, _ = student.batch_norm(X, gamma, beta, moving_mean, moving_var, EPS, MOMENTUM)
    assert_close(Y, expected_training_output(X, gamma, beta), what="Y", **tolerance(dtype))


@LAYOUTS
@pytest.mark.describe(
    en="moving statistics follow d2l's momentum (it weights the old value)",
    zh="移动统计量按 d2l 的 momentum 约定更新（momentum 乘旧值）",
)
@pytest.mark.concepts("normalization-bn-momentum-convention")
def test_moving_statistics_follow_d2l_momentum_and_keep_their_shape(student, shape):
    """moving = 0.9 * moving + 0.1 * batch statistic (biased variance), shaped (1, C) or (1, C, 1, 1)."""
    X, gamma, beta, moving_mean, moving_var = make_inputs(shape, torch.float64)
    _, new_mean, new_var = student.batch_norm(
        X, gamma, beta, moving_mean, moving_var, EPS, MOMENTUM
    )
    expected_mean, expected_var = expected_moving_statistics(X, moving_mean, moving_var)
    assert_close(
        new_mean, expected_mean, what="the returned moving_mean", **tolerance(torch.float64)
    )
    assert_close(new_var, expected_var, what="the returned moving_var", **tolerance(torch.float64))


@LAYOUTS
@pytest.mark.describe(
    en="under torch.no_grad() the moving statistics are used and returned unchanged",
    zh="在 torch.no_grad() 下使用移动统计量，并原样返回",
)
@pytest.mark.concepts("normalization-bn-train-vs-eval", "normalization-bn-no-grad-is-not-eval")
def test_inference_mode_uses_and_returns_the_moving_statistics(student, shape):
    """Under torch.no_grad(): Y = gamma * (X - moving_mean) / sqrt(moving_var + eps) + beta, stats unchanged."""
    X, gamma, beta, moving_mean, moving_var = make_inputs(shape, torch.float64)
    outcome = student.call(
        "batch_norm", X, gamma, beta, moving_mean, moving_var, EPS, MOMENTUM, no_grad=True
    )
    Y, new_mean, new_var = outcome.value
    expected = gamma * (X - moving_mean) / torch.sqrt(moving_var + EPS) + beta
    assert_close(Y, expected, what="Y in inference mode", **tolerance(torch.float64))
    assert_close(new_mean, moving_mean, rtol=0, atol=0, what="moving_mean in inference mode")
    assert_close(new_var, moving_var, rtol=0, atol=0, what="moving_var in inference mode")


@pytest.mark.describe(
    en="X, gamma, beta and the moving statistics passed in are not modified",
    zh="不修改传入的 X、gamma、beta 和移动统计量",
)
@pytest.mark.concepts("normalization-bn-momentum-convention")
def test_inputs_are_not_modified(student):
    """X, gamma, beta and the moving statistics passed in are left as they were."""
    inputs = make_inputs((4, 3, 5, 5))
    outcome = student.call("batch_norm", *inputs, EPS, MOMENTUM)
    names = ("X", "gamma", "beta", "moving_mean", "moving_var")
    for name, before, after in zip(names, inputs, outcome.args[: len(names)], strict=True):
        assert_close(after, before, rtol=0, atol=0, what=f"{name} after the call")


@pytest.mark.describe(
    en="a constant feature stays finite (eps avoids 0 / 0)",
    zh="常数特征的输出保持有限（eps 避免 0 / 0）",
)
@pytest.mark.concepts("normalization-bn-formula")
def test_constant_feature_stays_finite(student):
    """A feature with zero variance gives beta there (eps avoids 0 / 0)."""
    X, gamma, beta, moving_mean, moving_var = make_inputs((6, 4))
    X[:, 2] = 7.0
    Y, _, _ = student.batch_norm(X, gamma, beta, moving_mean, moving_var, EPS, MOMENTUM)
    assert_tensor(Y, shape=X.shape, dtype=X.dtype, what="Y")
    assert_finite(Y, what="Y")
    assert_close(Y[:, 2], beta[0, 2].expand(6), atol=1e-5, rtol=0, what="Y of the constant feature")


@pytest.mark.describe(
    en="a 4-D batch of one image uses its height x width statistics",
    zh="只有一张图的 4-D 批量也按高 x 宽位置统计",
)
@pytest.mark.concepts("normalization-bn-conv-vs-fc", "normalization-bn-conv-stats-cloze")
def test_4d_batch_of_one_uses_spatial_statistics(student):
    """With one image the per-channel statistics still come from its height x width positions."""
    X, gamma, beta, moving_mean, moving_var = make_inputs((1, 2, 4, 4))
    Y, _, _ = student.batch_norm(X, gamma, beta, moving_mean, moving_var, EPS, MOMENTUM)
    assert_close(Y, expected_training_output(X, gamma, beta), what="Y", **tolerance(torch.float32))


@LAYOUTS
@pytest.mark.describe(
    en="gradients reach X, gamma and beta through the batch statistics",
    zh="梯度经过批量统计量传到 X、gamma 和 beta",
)
@pytest.mark.concepts("normalization-bn-computation")
def test_gradients_flow_to_x_gamma_and_beta_through_the_batch_statistics(student, shape):
    """d(sum Y)/d(X, gamma, beta) equal autograd through mean and variance (detached statistics give other values)."""
    inputs = make_inputs(shape, torch.float64)
    X, gamma, beta = (tensor.clone().requires_grad_() for tensor in inputs[:3])
    outcome = student.call(
        "batch_norm", X, gamma, beta, inputs[3], inputs[4], EPS, MOMENTUM, backward=True
    )
    expected_training_output(X, gamma, beta).sum().backward()
    for name, tensor, grad in zip(
        ("X", "gamma", "beta"), (X, gamma, beta), (outcome.grads or [])[:3], strict=True
    ):
        assert grad is not None, f"no gradient reached {name}"
        assert_close(grad, tensor.grad, rtol=1e-6, atol=1e-8, what=f"the gradient of {name}")


@pytest.mark.describe(
    en="an input that is neither 2-D nor 4-D is rejected", zh="既不是 2-D 也不是 4-D 的输入会报错"
)
@pytest.mark.concepts("normalization-bn-conv-vs-fc")
def test_input_that_is_neither_2d_nor_4d_is_rejected(student):
    """A 3-D X fails d2l's `assert len(X.shape) in (2, 4)` in training mode."""
    X = torch.randn(2, 3, 4)
    with pytest.raises(SubmissionRaised):
        student.batch_norm(
            X,
            torch.ones(1, 3, 1),
            torch.zeros(1, 3, 1),
            torch.zeros(1, 3, 1),
            torch.ones(1, 3, 1),
            EPS,
            MOMENTUM,
        )

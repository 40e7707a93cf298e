"""Hidden tests of dropout_layer(X, dropout): d2l's inverted dropout.

Each element is zeroed with probability `dropout` and survivors are scaled by 1 / (1 - dropout);
0 returns X, 1 returns zeros. Random draws are seeded (`seed=`) and compared with tolerances.
"""

import pytest
import torch

from dlprep.grader.checks import assert_close, assert_finite, assert_tensor
from dlprep.grader.errors import SubmissionRaised
from dlprep.grader.protocol import Build

# Statistical tests, and why a correct implementation fails them with probability < 1e-6.
# Every draw is seeded (the call's `seed=`, shifted by the grading's seed offset), so a run is
# reproducible, and `dlprep exercises check` / the slow test re-run the reference under 30 seeds.
# On LARGE's 200,000 elements the zero fraction has standard deviation
# sqrt(p (1 - p) / n) <= sqrt(0.25 / 200,000) = 0.0011: the tolerance 0.01 is 8.9 sigma
# (two-sided normal tail 6e-19). The mean of the output over the mean of X (X in (1, 2]) has
# standard deviation <= sqrt(E[X^2] p / (1 - p) / n) / E[X] = sqrt(2.33 * 1.5 / 200,000) / 1.5
# = 0.0028 for p <= 0.6: the tolerance 0.02 is 7.2 sigma (tail 6e-13). Two masks of 1,024
# elements drawn with p = 0.5 coincide with probability 2^-1024.
LARGE = (500, 400)


def ramp(shape, dtype=torch.float32):
    """Distinct, non-zero values so that a kept element can be told from a dropped one."""
    count = torch.Size(shape).numel()
    return (torch.arange(count, dtype=dtype) + 1).reshape(shape) / count + 1


@pytest.mark.describe(en="dropout = 0 returns X unchanged", zh="dropout = 0 时原样返回 X")
@pytest.mark.concepts("regularization-dropout-p-meaning")
def test_dropout_zero_returns_x_unchanged(student):
    """dropout = 0 keeps every element as it is (no rescaling)."""
    X = torch.arange(16, dtype=torch.float32).reshape(2, 8)
    assert_close(student.dropout_layer(X, 0.0), X, rtol=0, atol=0)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64], ids=["float32", "float64"])
@pytest.mark.describe(
    en="dropout = 1 returns zeros of X's shape and dtype, no NaN",
    zh="dropout = 1 时返回与 X 同形状、同类型的全零张量，不出现 NaN",
)
@pytest.mark.concepts("regularization-dropout-p-meaning")
def test_dropout_one_returns_zeros_like_x(student, dtype):
    """dropout = 1 drops everything: zeros of X's shape and dtype, never NaN from dividing by 1 - 1."""
    X = ramp((2, 8), dtype)
    Y = assert_tensor(student.dropout_layer(X, 1.0), shape=(2, 8), dtype=dtype)
    assert_close(Y, torch.zeros(2, 8, dtype=dtype), rtol=0, atol=0)


@pytest.mark.parametrize("p", [0.2, 0.5, 0.8])
@pytest.mark.describe(
    en="kept elements are scaled by 1 / (1 - p)", zh="保留下来的元素被放大为 X / (1 - p)"
)
@pytest.mark.concepts("regularization-dropout-scaling")
def test_kept_elements_are_scaled_by_one_over_keep_probability(student, p):
    """Every non-zero output equals X / (1 - p) at the same position."""
    X = ramp((64, 32))
    Y = assert_tensor(student.dropout_layer(X, p, seed=1), shape=X.shape, dtype=X.dtype)
    kept = Y != 0
    assert kept.any(), "every element was dropped"
    assert_close(Y[kept], X[kept] / (1 - p), rtol=1e-5, atol=1e-6, what="the kept elements")


@pytest.mark.parametrize("p", [0.2, 0.7])
@pytest.mark.describe(
    en="each element is dropped with probability p, not 1 - p",
    zh="每个元素以概率 p（而不是 1 - p）被置零",
)
@pytest.mark.concepts("regularization-dropout-p-meaning", "regularization-dropout-mask")
def test_each_element_is_dropped_with_probability_p(student, p):
    """On 200,000 elements the fraction of zeros is p (not 1 - p) within ±0.01."""
    Y = assert_tensor(
        student.dropout_layer(ramp(LARGE), p, seed=2), shape=LARGE, dtype=torch.float32
    )
    zero_fraction = float((Y == 0).float().mean())
    assert abs(zero_fraction - p) < 0.01, (
        f"with dropout={p}, {zero_fraction:.3f} of the elements are zero"
    )


@pytest.mark.parametrize("p", [0.3, 0.6])
@pytest.mark.describe(
    en="the mean of the output stays the mean of X", zh="输出的均值保持为 X 的均值（期望不变）"
)
@pytest.mark.concepts("regularization-dropout-scaling")
def test_expectation_is_preserved(student, p):
    """The mean of the output stays the mean of X (inverted dropout keeps E[h'] = h)."""
    X = ramp(LARGE)
    Y = assert_tensor(student.dropout_layer(X, p, seed=3), shape=LARGE, dtype=X.dtype)
    ratio = float(Y.mean() / X.mean())
    assert abs(ratio - 1) < 0.02, f"mean(output) / mean(X) = {ratio:.3f}, expected about 1"


@pytest.mark.parametrize(
    "shape", [(1,), (1, 3, 4), (2, 3, 4, 5)], ids=["1-D", "3-D batch of one", "4-D"]
)
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64], ids=["float32", "float64"])
@pytest.mark.describe(
    en="any shape and dtype work and are kept", zh="任意形状和数据类型都能用，并且保持不变"
)
@pytest.mark.concepts("regularization-dropout-mask")
def test_any_shape_and_dtype_are_kept(student, shape, dtype):
    """Not only matrices: any shape works and is kept, and float64 in gives float64 out."""
    Y = student.dropout_layer(ramp(shape, dtype), 0.5, seed=4)
    assert_tensor(Y, shape=shape, dtype=dtype, device="cpu")
    assert_finite(Y)


@pytest.mark.describe(en="the input X is not modified", zh="不修改输入张量 X")
@pytest.mark.concepts("regularization-dropout-what")
def test_x_is_not_modified(student):
    """The input tensor is left as it was."""
    X = ramp((32, 32))
    outcome = student.call("dropout_layer", X, 0.5, seed=5)
    assert_close(outcome.args[0], X, rtol=0, atol=0, what="X after the call")


@pytest.mark.describe(
    en="the gradient reaches X: 1 / (1 - p) where kept, 0 where dropped",
    zh="梯度能传回 X：保留处为 1 / (1 - p)，丢弃处为 0",
)
@pytest.mark.concepts("regularization-dropout-scaling")
def test_gradient_flows_back_to_x(student):
    """d(sum Y)/dX is 1 / (1 - p) where an element was kept and 0 where it was dropped."""
    X = ramp((16, 16)).requires_grad_()
    outcome = student.call("dropout_layer", X, 0.25, seed=6, backward=True)
    Y = assert_tensor(outcome.value, shape=X.shape, dtype=X.dtype)
    grad = outcome.grads[0]
    assert grad is not None, "no gradient reached X: build the result from X with tensor operations"
    kept = (Y != 0).to(X.dtype)
    assert_close(grad, kept / 0.75, rtol=1e-5, atol=1e-6, what="the gradient of X")


@pytest.mark.describe(en="each call draws a new mask", zh="每次调用都生成新的掩码")
@pytest.mark.concepts("regularization-dropout-mask", "pytorch-practice-functional-dropout-training")
def test_each_call_draws_a_new_mask(student):
    """Two calls with different random states drop different elements (same shape and dtype)."""
    X = ramp((32, 32))
    first = assert_tensor(student.dropout_layer(X, 0.5, seed=7), shape=X.shape, dtype=X.dtype)
    second = assert_tensor(student.dropout_layer(X, 0.5, seed=8), shape=X.shape, dtype=X.dtype)
    assert not torch.equal(first == 0, second == 0), "both calls dropped exactly the same elements"


@pytest.mark.parametrize("p", [-0.1, 1.5])
@pytest.mark.describe(en="a dropout outside [0, 1] is rejected", zh="dropout 不在 [0, 1] 内时报错")
@pytest.mark.concepts("regularization-dropout-p-meaning")
def test_dropout_outside_zero_one_is_rejected(student, p):
    """A probability outside [0, 1] raises (d2l asserts 0 <= dropout <= 1)."""
    with pytest.raises(SubmissionRaised):
        student.dropout_layer(ramp((4, 4)), p)


@pytest.mark.describe(
    en="a CUDA input works: the mask is drawn on X's device",
    zh="CUDA 输入可用：掩码在 X 所在的设备上生成",
)
@pytest.mark.concepts("regularization-dropout-mask")
def test_cuda_input_works(student, device):
    """The mask is drawn on X's device, so a CUDA X works (torch.rand(X.shape) alone is on the CPU)."""
    if device != "cuda":  # the grading device (--device), not just the parent's hardware
        pytest.skip("grading on the CPU")
    X = ramp((8, 8))
    Y = assert_tensor(
        student.dropout_layer(Build("to_device", tensor=X), 0.5, seed=9),
        shape=(8, 8),
        dtype=X.dtype,
    )
    kept = Y != 0
    assert_close(Y[kept], X[kept] * 2, rtol=1e-5, atol=1e-6, what="the kept elements")

"""Hidden tests of synthetic_data(w, b, num_examples) -> (X, y): d2l's y = Xw + b + N(0, 0.01²) data.

Every random property is measured on a seeded call (`seed=`) with a tolerance of at least
6 standard errors of the statistic, so a correct generator fails with probability below 1e-8
for any seed (each bound's margin is given next to it).
"""

import pytest
import torch

from dlprep.grader.checks import assert_close, assert_tensor

TRUE_W = torch.tensor([2, -3.4])
TRUE_B = 4.2
LARGE = 10_000


def generate(student, w, b, n, seed):
    X, y = student.synthetic_data(w, b, n, seed=seed)
    X = assert_tensor(X, shape=(n, len(w)), dtype=torch.float32, what="X")
    y = assert_tensor(y, shape=(n, 1), dtype=torch.float32, what="y")
    return X, y


def residual(X, y, w, b):
    """y - Xw - b, computed in float64 here: the noise the learner added."""
    return (y.double() - X.double() @ w.double().reshape(-1, 1) - b).reshape(-1)


@pytest.mark.describe(
    en="d2l's call synthetic_data([2, -3.4], 4.2, 1000) gives X of shape (1000, 2) and y of shape (1000, 1), float32",
    zh="d2l 的调用 synthetic_data([2, -3.4], 4.2, 1000) 得到形状 (1000, 2) 的 X 和 (1000, 1) 的 y，均为 float32",
)
@pytest.mark.concepts("linear-softmax-synthetic-data")
def test_shapes_of_d2l_call(student):
    generate(student, TRUE_W, TRUE_B, 1000, seed=0)


@pytest.mark.describe(
    en="y is a column (n, 1), not a vector (n,), so the loss never broadcasts it to (n, n)",
    zh="y 是列向量 (n, 1) 而不是 (n,)，损失函数中不会被广播成 (n, n)",
)
@pytest.mark.concepts("shapes-loss-broadcast-trap")
def test_labels_are_a_column(student):
    _, y = student.synthetic_data(TRUE_W, TRUE_B, 7, seed=1)
    assert_tensor(y, shape=(7, 1), dtype=torch.float32, what="y")


@pytest.mark.describe(
    en="Any number of features works: w of length 5 gives X of shape (n, 5)",
    zh="任意特征数都可以：长度为 5 的 w 得到形状 (n, 5) 的 X",
)
def test_any_number_of_features(student):
    w = torch.tensor([1.0, -2.0, 0.5, 3.0, 0.0])
    X, y = generate(student, w, -1.0, 2000, seed=2)
    # the residual of a correct generator has |mean| < 6 * 0.01 / sqrt(2000) = 0.0013
    noise = residual(X, y, w, -1.0)
    assert abs(float(noise.mean())) < 0.0015, "y is not X w + b (+ small noise) for len(w) = 5"


@pytest.mark.describe(
    en="Features are standard normal: per column mean within ±0.06 of 0 and std within ±0.06 of 1 (10,000 rows)",
    zh="特征服从标准正态分布：每列均值在 0 的 ±0.06 内、标准差在 1 的 ±0.06 内（10,000 行）",
)
def test_features_are_standard_normal(student):
    X, _ = generate(student, TRUE_W, TRUE_B, LARGE, seed=3)
    # standard errors on 10,000 draws: mean 0.01, std 0.0071, so ±0.06 is 6 and 8.5 of them
    mean, std = X.double().mean(dim=0), X.double().std(dim=0)
    assert_close(
        mean, torch.zeros(2, dtype=torch.float64), rtol=0, atol=0.06, what="mean of X's columns"
    )
    assert_close(
        std, torch.ones(2, dtype=torch.float64), rtol=0, atol=0.06, what="std of X's columns"
    )


@pytest.mark.describe(
    en="The noise y - Xw - b has mean 0 (within ±0.0006) and standard deviation 0.01 (between 0.009 and 0.011)",
    zh="噪声 y - Xw - b 的均值为 0（±0.0006 内），标准差为 0.01（在 0.009 与 0.011 之间）",
)
@pytest.mark.concepts("linear-softmax-noise-floor")
def test_noise_has_std_one_hundredth(student):
    X, y = generate(student, TRUE_W, TRUE_B, LARGE, seed=4)
    noise = residual(X, y, TRUE_W, TRUE_B)
    # standard errors on 10,000 draws: mean 1e-4 (±6e-4 is 6), std 7.1e-5 (±1e-3 is 14)
    mean, std = float(noise.mean()), float(noise.std())
    assert abs(mean) < 6e-4, f"the noise has mean {mean:.5f}: is b added (and only once)?"
    assert 0.009 < std < 0.011, f"the noise has standard deviation {std:.5f}, expected 0.01"


@pytest.mark.describe(
    en="Least squares on (X, y) recovers w = [2, -3.4] and b = 4.2 within ±0.005",
    zh="在 (X, y) 上做最小二乘能恢复 w = [2, -3.4] 和 b = 4.2，误差在 ±0.005 内",
)
@pytest.mark.concepts("linear-softmax-synthetic-data")
def test_least_squares_recovers_w_and_b(student):
    X, y = generate(student, TRUE_W, TRUE_B, 1000, seed=5)
    # the estimates' standard errors are about 0.01 / sqrt(1000) = 3.2e-4: ±0.005 is 15 of them
    design = torch.cat([X.double(), torch.ones(1000, 1, dtype=torch.float64)], dim=1)
    solution = torch.linalg.lstsq(design, y.double()).solution.reshape(-1)
    expected = torch.tensor([2.0, -3.4, 4.2], dtype=torch.float64)
    assert_close(solution, expected, rtol=0, atol=0.005, what="least-squares [w1, w2, b]")


@pytest.mark.describe(
    en="The same seed gives the same data; another seed gives other data (torch's generator, not seeded inside)",
    zh="相同的种子得到相同的数据，不同的种子得到不同的数据（用 torch 的生成器，且不在函数内设定种子）",
)
def test_seeded_calls_are_reproducible_and_differ_between_seeds(student):
    first = generate(student, TRUE_W, TRUE_B, 50, seed=6)
    again = generate(student, TRUE_W, TRUE_B, 50, seed=6)
    other = generate(student, TRUE_W, TRUE_B, 50, seed=7)
    assert_close(again, first, rtol=0, atol=0, what="(X, y) of a second call with the same seed")
    assert not torch.equal(first[0], other[0]), "two different seeds gave the same X"

"""Hidden tests of get_k_fold_data(k, i, X, y) -> (X_train, y_train, X_valid, y_valid).

d2l's split: fold j is rows [j * fs, (j + 1) * fs) with fs = n // k, fold i validates, the
others are concatenated in order for training, and the n % k last rows are dropped. Rows are
copied, so comparisons are exact; shapes and dtypes are checked first.
"""

import pytest
import torch

from dlprep.grader.checks import assert_close, assert_tensor
from dlprep.grader.errors import SubmissionRaised

EXACT = {"rtol": 0, "atol": 0}


def data(n, d=3, y_2d=False):
    """Row r of X holds r * 10 + column, y[r] = r: every row can be told from every other."""
    X = torch.arange(n * d, dtype=torch.float32).reshape(n, d) + torch.arange(n).reshape(n, 1) * (
        10 - d
    )
    y = torch.arange(n, dtype=torch.int64)
    return X, (y.reshape(n, 1) if y_2d else y)


def expected_split(k, i, X, y):
    fs = X.shape[0] // k
    rows = [list(range(j * fs, (j + 1) * fs)) for j in range(k)]
    train = [r for j in range(k) if j != i for r in rows[j]]
    return X[train], y[train], X[rows[i]], y[rows[i]]


def check_split(result, k, i, X, y):
    assert isinstance(result, (tuple, list)) and len(result) == 4, (
        "expected a tuple (X_train, y_train, X_valid, y_valid)"
    )
    names = ("X_train", "y_train", "X_valid", "y_valid")
    for name, got, want in zip(names, result, expected_split(k, i, X, y), strict=True):
        assert_tensor(got, shape=want.shape, dtype=want.dtype, what=f"{name} (k={k}, i={i})")
        assert_close(got, want, **EXACT, what=f"{name} (k={k}, i={i})")


@pytest.mark.describe(
    en="the worked example: n = 10, k = 3, i = 1 validates on rows 3-5 and trains on 0-2 and 6-8",
    zh="示例：n = 10、k = 3、i = 1 时用第 3-5 行验证，用第 0-2 行和第 6-8 行训练",
)
@pytest.mark.concepts("generalization-k-fold-procedure")
def test_worked_example_from_the_prompt(student):
    X, y = torch.arange(20).reshape(10, 2), torch.arange(10)
    check_split(student.get_k_fold_data(3, 1, X, y), 3, 1, X, y)


@pytest.mark.describe(
    en="every fold i of several (n, k): validation is fold i, training the other folds in order",
    zh="多组 (n, k) 的每一折 i：验证集是第 i 折，训练集是其余各折按顺序拼接",
)
@pytest.mark.concepts("generalization-k-fold-procedure")
@pytest.mark.parametrize(("n", "k"), [(12, 4), (10, 5), (9, 2), (20, 3)])
def test_every_fold_of_several_splits(student, n, k):
    X, y = data(n)
    for i in range(k):
        check_split(student.get_k_fold_data(k, i, X, y), k, i, X, y)


@pytest.mark.describe(
    en="the n % k leftover rows are dropped: the last fold is not bigger and no fold holds row n - 1",
    zh="多出的 n % k 行被丢弃：最后一折不会更大，任何一折都不含第 n - 1 行",
)
@pytest.mark.concepts("generalization-k-fold-folds-cloze")
def test_leftover_rows_are_dropped(student):
    X, y = data(11)
    for i in (0, 3):
        result = student.get_k_fold_data(4, i, X, y)
        check_split(result, 4, i, X, y)


@pytest.mark.describe(
    en="labels of shape (n, 1) are split the same way and keep two dimensions",
    zh="形状为 (n, 1) 的标签同样划分，并保持二维",
)
def test_two_dimensional_labels(student):
    X, y = data(12, d=2, y_2d=True)
    for i in (0, 2):
        check_split(student.get_k_fold_data(3, i, X, y), 3, i, X, y)


@pytest.mark.describe(
    en="k = 1 fails the assert k > 1 (there would be no training data)",
    zh="k = 1 时 assert k > 1 失败（否则没有训练数据）",
)
@pytest.mark.concepts("generalization-k-fold-count")
def test_k_of_one_is_rejected(student):
    X, y = data(6)
    with pytest.raises(SubmissionRaised):
        student.get_k_fold_data(1, 0, X, y)

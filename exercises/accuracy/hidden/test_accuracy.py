"""Hidden tests of accuracy(y_hat, y) -> float: d2l's count of correct predictions.

Expected counts are computed here, in the grader, with argmax and an exact comparison.
"""

import pytest
import torch

from dlprep.grader.checks import assert_close


def count(student, y_hat, y):
    """The learner's result, checked to be a Python float (the type d2l returns) before any value."""
    value = student.accuracy(y_hat, y)
    assert type(value) is float, (
        f"accuracy must return a Python float (float(cmp.sum())), got {type(value).__name__}"
    )
    return value


def random_scores(n, q, seed=0):
    generator = torch.Generator().manual_seed(seed)
    y_hat = torch.softmax(torch.randn(n, q, generator=generator), dim=1)
    y = torch.randint(0, q, (n,), generator=generator)
    return y_hat, y


@pytest.mark.describe(
    en="The prompt's example: predictions [2, 2] for labels [0, 2] give 1.0",
    zh="题目中的示例：预测 [2, 2]、标签 [0, 2] 得到 1.0",
)
@pytest.mark.concepts("linear-softmax-accuracy-function")
def test_worked_example(student):
    y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
    assert_close(count(student, y_hat, torch.tensor([0, 2])), 1.0, rtol=0, atol=0)


@pytest.mark.describe(
    en="On 64 examples it returns the number correct (a count), not the fraction",
    zh="在 64 个样本上返回预测正确的个数（计数），而不是比例",
)
@pytest.mark.concepts("linear-softmax-accuracy-function")
def test_returns_a_count_not_a_fraction(student):
    y_hat, y = random_scores(64, 10, seed=1)
    y[:20] = y_hat[:20].argmax(dim=1)  # at least 20 correct, so a fraction can never match
    expected = float((y_hat.argmax(dim=1) == y).sum())
    assert_close(
        count(student, y_hat, y), expected, rtol=0, atol=0, what="the number of correct predictions"
    )


@pytest.mark.describe(
    en="Already-predicted labels (a 1-D y_hat) are compared directly, without argmax",
    zh="已经预测好的标签（一维的 y_hat）直接比较，不做 argmax",
)
def test_one_dimensional_predictions(student):
    y_hat = torch.tensor([0, 2, 1, 1, 3])
    y = torch.tensor([0, 1, 1, 1, 2])
    assert_close(count(student, y_hat, y), 3.0, rtol=0, atol=0)


@pytest.mark.parametrize(
    "dtype", [torch.int64, torch.int32, torch.float32], ids=["int64", "int32", "float32"]
)
@pytest.mark.describe(
    en="Labels of dtype int64, int32 or float32 all work (the predictions are cast to y's dtype, not the scores)",
    zh="int64、int32 或 float32 类型的标签都可以（转换成 y 的 dtype 的是预测结果，而不是分数）",
)
def test_label_dtypes(student, dtype):
    y_hat, y = random_scores(32, 5, seed=2)
    expected = float((y_hat.argmax(dim=1) == y).sum())
    assert_close(
        count(student, y_hat, y.to(dtype)),
        expected,
        rtol=0,
        atol=0,
        what=f"the count with {dtype} labels",
    )


@pytest.mark.describe(
    en="Ties resolve to the first maximal index, like argmax ([0.5, 0.5, 0] predicts class 0)",
    zh="并列时取第一个最大值的下标，与 argmax 一致（[0.5, 0.5, 0] 预测为类别 0）",
)
def test_ties_go_to_the_first_index(student):
    y_hat = torch.tensor([[0.5, 0.5, 0.0], [0.2, 0.4, 0.4], [0.1, 0.1, 0.8]])
    assert_close(count(student, y_hat, torch.tensor([1, 2, 2])), 1.0, rtol=0, atol=0)
    assert_close(count(student, y_hat, torch.tensor([0, 1, 2])), 3.0, rtol=0, atol=0)


@pytest.mark.describe(
    en="Scores that require grad work too (accuracy needs no gradient; no .numpy())",
    zh="需要梯度的分数也可以（精度不需要梯度；不要用 .numpy()）",
)
@pytest.mark.concepts("linear-softmax-accuracy-not-differentiable")
def test_scores_that_require_grad(student):
    y_hat, y = random_scores(16, 4, seed=3)
    expected = float((y_hat.argmax(dim=1) == y).sum())
    assert_close(count(student, y_hat.requires_grad_(), y), expected, rtol=0, atol=0)

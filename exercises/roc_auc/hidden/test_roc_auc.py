"""Hidden tests of roc_auc(y_true, scores): binary ROC-AUC with ties counted 1/2, O(n log n).

Expected values are worked out by hand (pair counts in the comments) or, on random data, by
the trapezoidal area under an explicit threshold sweep computed here, in the grader.
"""

import pytest
import torch

from dlprep.grader.checks import assert_close
from dlprep.grader.errors import SubmissionRaised
from dlprep.grader.protocol import Build

TIES_Y = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
TIES_S = [0.9, 0.8, 0.3, 0.7, 0.2, 0.2, 0.1, 0.1, 0.05, 0.3]
TIES_AUC = 19.5 / 21  # pairs won: 7 + 7 + 5, and the 0.3 / 0.3 tie counts 1/2


def check_auc(value, expected, what="the AUC"):
    """A Python float first, then the value within 1e-9."""
    assert type(value) is float, (
        f"expected {what} to be a Python float, got {type(value).__name__} {value!r}"[:300]
    )
    assert_close(value, expected, rtol=0, atol=1e-9, what=what)


def trapezoid_auc(y, s):
    """Area under (FPR, TPR), one point per distinct threshold, thresholds from high to low."""
    y, s = torch.as_tensor(y, dtype=torch.float64), torch.as_tensor(s, dtype=torch.float64)
    n_pos, n_neg = float(y.sum()), float((1 - y).sum())
    points = [(0.0, 0.0)]
    for threshold in torch.unique(s).flip(0):
        predicted = s >= threshold
        points.append(
            (float((predicted * (1 - y)).sum()) / n_neg, float((predicted * y).sum()) / n_pos)
        )
    return sum(
        (x1 - x0) * (y0 + y1) / 2 for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False)
    )


def random_case(n, seed, decimals=1):
    """Labels that depend on the scores a little, scores rounded so that many values tie."""
    generator = torch.Generator().manual_seed(seed)
    scores = torch.randn(n, generator=generator, dtype=torch.float64)
    labels = (scores + torch.randn(n, generator=generator, dtype=torch.float64) > 0).long()
    return labels, torch.round(scores, decimals=decimals)


@pytest.mark.describe(
    en="A perfect ranking gives 1.0, a reversed one 0.0, all-equal scores 0.5",
    zh="完美排序得 1.0，完全颠倒得 0.0，所有分数相同得 0.5",
)
@pytest.mark.concepts("metrics-auc-ranking")
def test_perfect_reversed_and_constant(student):
    y = [0, 0, 1, 1, 1]
    check_auc(student.roc_auc(y, [0.1, 0.2, 0.6, 0.7, 0.9]), 1.0, "the AUC of a perfect ranking")
    check_auc(student.roc_auc(y, [0.9, 0.7, 0.3, 0.2, 0.1]), 0.0, "the AUC of a reversed ranking")
    check_auc(student.roc_auc(y, [0.4] * 5), 0.5, "the AUC of constant scores")


@pytest.mark.describe(
    en="The prompt's example [0, 0, 1, 1] / [0.1, 0.4, 0.35, 0.8] gives 0.75",
    zh="题目中的示例 [0, 0, 1, 1] / [0.1, 0.4, 0.35, 0.8] 得到 0.75",
)
@pytest.mark.concepts("metrics-roc-curve")
def test_worked_example(student):
    check_auc(student.roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 0.75)


@pytest.mark.describe(
    en="A positive and a negative with the same score count 1/2: 19.5 / 21 = 0.928571",
    zh="分数相同的一个正例和一个负例记 1/2：19.5 / 21 = 0.928571",
)
@pytest.mark.concepts("metrics-auc-ranking")
def test_ties_count_one_half(student):
    check_auc(student.roc_auc(TIES_Y, TIES_S), TIES_AUC)


@pytest.mark.describe(
    en="On 500 examples with many tied scores: equals the trapezoidal area under the (FPR, TPR) curve",
    zh="在 500 个有大量相同分数的样本上：等于 (FPR, TPR) 曲线下按梯形法求得的面积",
)
@pytest.mark.concepts("metrics-roc-curve")
def test_equals_the_area_under_the_curve(student):
    labels, scores = random_case(500, seed=0)
    check_auc(student.roc_auc(labels, scores), trapezoid_auc(labels, scores))


@pytest.mark.describe(
    en="Unchanged under sigmoid, 10 * s + 3 and shuffling the examples (only the order matters)",
    zh="经过 sigmoid、10 * s + 3 变换或打乱样本顺序后不变（只有顺序起作用）",
)
@pytest.mark.concepts("metrics-auc-invariance")
def test_invariant_to_monotone_transforms_and_shuffling(student):
    labels, scores = random_case(300, seed=1, decimals=2)
    expected = trapezoid_auc(labels, scores)
    check_auc(student.roc_auc(labels, torch.sigmoid(scores)), expected, "the AUC of sigmoid(s)")
    check_auc(student.roc_auc(labels, 10 * scores + 3), expected, "the AUC of 10 s + 3")
    order = torch.randperm(300, generator=torch.Generator().manual_seed(2))
    check_auc(student.roc_auc(labels[order], scores[order]), expected, "the AUC after shuffling")


@pytest.mark.describe(
    en="Scores are used as they are, not thresholded at 0.5: logits in [-3, 3] and probabilities give the same AUC",
    zh="直接使用分数，而不是在 0.5 处阈值化：[-3, 3] 中的 logits 与概率得到相同的 AUC",
)
def test_scores_not_thresholded(student):
    y = [1, 0, 1, 0, 1, 0]
    logits = [2.0, 1.5, 0.9, -0.2, -1.0, -2.5]  # pairs won: 3 + 2 + 1 of 9
    check_auc(student.roc_auc(y, logits), 6 / 9, "the AUC of the logits")
    check_auc(student.roc_auc(y, torch.sigmoid(torch.tensor(logits)).tolist()), 6 / 9)


@pytest.mark.parametrize("kind", ["tensor", "numpy"])
@pytest.mark.describe(
    en="Tensors (int64 labels, float32 scores) and NumPy arrays give the same AUC as lists",
    zh="张量（int64 标签、float32 分数）和 NumPy 数组与列表得到相同的 AUC",
)
def test_tensors_and_numpy_arrays(student, kind):
    if kind == "tensor":
        y, s = torch.tensor(TIES_Y), torch.tensor(TIES_S, dtype=torch.float32)
    else:
        y, s = Build("numpy_array", values=TIES_Y), Build("numpy_array", values=TIES_S)
    check_auc(student.roc_auc(y, s), TIES_AUC)


@pytest.mark.describe(
    en="Labels of only one class raise (ValueError: the ROC curve is undefined)",
    zh="标签只有一个类别时抛出异常（ValueError：ROC 曲线没有定义）",
)
def test_single_class_raises(student):
    with pytest.raises(SubmissionRaised) as raised:
        student.roc_auc([1, 1, 1], [0.2, 0.5, 0.9])
    assert raised.value.exception_type.endswith("ValueError"), (
        f"expected a ValueError, got {raised.value.exception_type}"
    )


@pytest.mark.describe(
    en="100,000 examples finish well within the time limit (sorting, not a loop over all pairs)",
    zh="100,000 个样本能在时间限制内很快算完（排序，而不是遍历所有样本对）",
)
def test_large_input_is_fast(student):
    generator = torch.Generator().manual_seed(3)
    scores = torch.rand(100_000, generator=generator, dtype=torch.float64)
    labels = (torch.rand(100_000, generator=generator, dtype=torch.float64) < scores).long()
    outcome = student.call("roc_auc", labels, scores)
    assert type(outcome.value) is float, (
        f"expected a Python float, got {type(outcome.value).__name__}"
    )
    # For uniform scores and P(y = 1 | s) = s, AUC = 4 * (1/3 - 1/8) = 5/6 in expectation; its
    # standard deviation at n = 1e5 is below 0.002, so a margin of 0.02 never flakes.
    assert abs(outcome.value - 5 / 6) < 0.02, f"AUC {outcome.value:.4f}, expected about 0.833"
    # O(n log n) takes milliseconds; a pair loop takes hours (the call limit stops it first).
    assert outcome.seconds < 5, f"roc_auc took {outcome.seconds:.1f} s on 100,000 examples"


@pytest.mark.describe(
    en="The label and score tensors are left as they were",
    zh="标签张量和分数张量保持不变",
)
def test_inputs_are_not_modified(student):
    y, s = torch.tensor(TIES_Y), torch.tensor(TIES_S, dtype=torch.float64)
    outcome = student.call("roc_auc", y, s)
    check_auc(outcome.value, TIES_AUC)
    assert_close(outcome.args[0], y, rtol=0, atol=0, what="y_true after the call")
    assert_close(outcome.args[1], s, rtol=0, atol=0, what="scores after the call")

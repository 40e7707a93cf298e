"""Hidden tests of precision_recall_f1(y_true, y_pred, average='binary', pos_label=1).

Expected values are exact fractions worked out by hand in the comments (they agree with
scikit-learn's precision_recall_fscore_support(..., zero_division=0), which is not installed
here). Results must be a tuple of three Python floats.
"""

import pytest
import torch

from dlprep.grader.checks import assert_close
from dlprep.grader.protocol import Build

BINARY_TRUE = [1, 1, 1, 1, 0, 0, 0, 0]
BINARY_PRED = [1, 1, 0, 0, 1, 0, 0, 0]  # class 1: TP 2, FP 1, FN 2; class 0: TP 3, FP 2, FN 1
MULTI_TRUE = [0, 0, 0, 0, 0, 0, 1, 1, 2, 2]
MULTI_PRED = [0, 0, 0, 0, 0, 1, 1, 0, 2, 1]
# class 0: TP 5, FP 1, FN 1 -> P 5/6, R 5/6, F1 5/6
# class 1: TP 1, FP 2, FN 1 -> P 1/3, R 1/2, F1 2/5
# class 2: TP 1, FP 0, FN 1 -> P 1,   R 1/2, F1 2/3
MACRO = (13 / 18, 11 / 18, 19 / 30)  # F1(macro-P, macro-R) would be 0.66204
MICRO = (0.7, 0.7, 0.7)  # 7 of 10 correct: micro scores equal the accuracy


def check_scores(result, expected, what="(precision, recall, f1)"):
    """Three Python floats first, then the values within 1e-9."""
    assert isinstance(result, (tuple, list)) and len(result) == 3, (
        f"expected {what} as a tuple of 3 floats, got {type(result).__name__} {result!r}"[:300]
    )
    for name, value in zip(("precision", "recall", "f1"), result, strict=True):
        assert type(value) is float, (
            f"expected {name} to be a Python float, got {type(value).__name__} {value!r}"[:300]
        )
    assert_close(list(result), list(expected), rtol=0, atol=1e-9, what=what)


@pytest.mark.describe(
    en="Binary: TP 2, FP 1, FN 2 gives precision 2/3, recall 1/2 and F1 4/7 (the harmonic mean)",
    zh="二分类：TP 2、FP 1、FN 2 得到查准率 2/3、召回率 1/2、F1 4/7（调和平均）",
)
@pytest.mark.concepts("metrics-precision-recall-definitions")
def test_binary_worked_example(student):
    check_scores(student.precision_recall_f1(BINARY_TRUE, BINARY_PRED), (2 / 3, 1 / 2, 4 / 7))


@pytest.mark.describe(
    en="TP 2, FP 1, FN 1 gives (2/3, 2/3, 2/3)",
    zh="TP 2、FP 1、FN 1 得到 (2/3, 2/3, 2/3)",
)
def test_binary_balanced_example(student):
    y_true, y_pred = [1, 1, 1, 0, 0, 0], [1, 1, 0, 1, 0, 0]
    check_scores(student.precision_recall_f1(y_true, y_pred, "binary", 1), (2 / 3, 2 / 3, 2 / 3))


@pytest.mark.describe(
    en="F1 is the harmonic mean: precision 1, recall 1/4 gives F1 0.4, not 0.625",
    zh="F1 是调和平均：查准率 1、召回率 1/4 时 F1 为 0.4，而不是 0.625",
)
@pytest.mark.concepts("metrics-f1-harmonic-mean")
def test_f1_is_the_harmonic_mean(student):
    y_true, y_pred = [1, 1, 1, 1, 0, 0], [1, 0, 0, 0, 0, 0]  # TP 1, FP 0, FN 3
    check_scores(student.precision_recall_f1(y_true, y_pred), (1.0, 0.25, 0.4))


@pytest.mark.describe(
    en="pos_label=0 scores class 0: TP 3, FP 2, FN 1 gives (3/5, 3/4, 2/3)",
    zh="pos_label=0 时计算类别 0：TP 3、FP 2、FN 1 得到 (3/5, 3/4, 2/3)",
)
def test_pos_label(student):
    result = student.precision_recall_f1(BINARY_TRUE, BINARY_PRED, pos_label=0)
    check_scores(result, (3 / 5, 3 / 4, 2 / 3))


@pytest.mark.describe(
    en="No predicted positives gives precision 0 (0 / 0), recall 0 and F1 0: no NaN, no exception",
    zh="没有预测为正的样本时查准率为 0（0 / 0）、召回率为 0、F1 为 0：没有 NaN，也不抛出异常",
)
def test_no_predicted_positives(student):
    check_scores(student.precision_recall_f1([1, 0, 1, 0], [0, 0, 0, 0]), (0.0, 0.0, 0.0))


@pytest.mark.describe(
    en="No real positives gives recall 0 (0 / 0), precision 0 and F1 0",
    zh="没有真实正例时召回率为 0（0 / 0）、查准率为 0、F1 为 0",
)
def test_no_real_positives(student):
    check_scores(student.precision_recall_f1([0, 0, 0, 0], [1, 0, 1, 0]), (0.0, 0.0, 0.0))


@pytest.mark.describe(
    en="Macro: the unweighted mean of per-class P, R and F1 is (13/18, 11/18, 19/30)",
    zh="宏平均：各类别 P、R、F1 不加权的平均为 (13/18, 11/18, 19/30)",
)
@pytest.mark.concepts("metrics-macro-micro")
def test_macro(student):
    check_scores(student.precision_recall_f1(MULTI_TRUE, MULTI_PRED, average="macro"), MACRO)


@pytest.mark.describe(
    en="Macro: a rare class that is never found pulls the averages down to (0.4, 0.5, 4/9)",
    zh="宏平均：一个从未被找出的稀有类别把平均值拉低到 (0.4, 0.5, 4/9)",
)
@pytest.mark.concepts("metrics-macro-micro")
def test_macro_rare_class_counts_fully(student):
    y_true, y_pred = [0] * 8 + [1, 1], [0] * 10
    # class 0: P 8/10, R 1, F1 8/9; class 1: P 0 (0 / 0), R 0, F1 0
    result = student.precision_recall_f1(y_true, y_pred, average="macro")
    check_scores(result, (0.4, 0.5, 4 / 9))


@pytest.mark.describe(
    en="Micro on single-label multi-class data equals the accuracy (0.7, 0.7, 0.7)",
    zh="单标签多分类数据上的微平均等于准确率 (0.7, 0.7, 0.7)",
)
@pytest.mark.concepts("metrics-macro-micro")
def test_micro_is_accuracy(student):
    check_scores(student.precision_recall_f1(MULTI_TRUE, MULTI_PRED, average="micro"), MICRO)


@pytest.mark.parametrize("kind", ["tensor", "numpy"])
@pytest.mark.describe(
    en="1-D int64 tensors and NumPy arrays give the same scores as lists (binary and macro)",
    zh="一维 int64 张量和 NumPy 数组与列表得到相同的结果（二分类和宏平均）",
)
def test_tensors_and_numpy_arrays(student, kind):
    def wrap(labels):
        return torch.tensor(labels) if kind == "tensor" else Build("numpy_array", values=labels)

    binary = student.precision_recall_f1(wrap(BINARY_TRUE), wrap(BINARY_PRED))
    check_scores(binary, (2 / 3, 1 / 2, 4 / 7), what="the binary scores")
    macro = student.precision_recall_f1(wrap(MULTI_TRUE), wrap(MULTI_PRED), average="macro")
    check_scores(macro, MACRO, what="the macro scores")


@pytest.mark.describe(
    en="The label tensors are left as they were",
    zh="标签张量保持不变",
)
def test_inputs_are_not_modified(student):
    y_true, y_pred = torch.tensor(MULTI_TRUE[::-1]), torch.tensor(MULTI_PRED[::-1])  # unsorted
    outcome = student.call("precision_recall_f1", y_true, y_pred, "micro")
    check_scores(outcome.value, MICRO)
    assert_close(outcome.args[0], y_true, rtol=0, atol=0, what="y_true after the call")
    assert_close(outcome.args[1], y_pred, rtol=0, atol=0, what="y_pred after the call")

"""Hidden tests of Accumulator(n): d2l's running sums, kept as Python floats.

The instance lives in the sandbox; `student.new("Accumulator", n)` returns a handle whose
methods run there and whose results come back as plain data.
"""

import pytest
import torch

from dlprep.grader.errors import SubmissionRaised

pytestmark = pytest.mark.concepts("linear-softmax-accuracy-function")


def sums(acc, n):
    return [acc.call("__getitem__", i).value for i in range(n)]


@pytest.mark.describe(en="a new accumulator holds n sums of 0.0", zh="新建的累加器有 n 个 0.0")
def test_starts_at_zero(student):
    acc = student.new("Accumulator", 3)
    assert sums(acc, 3) == [0.0, 0.0, 0.0]


@pytest.mark.describe(en="add sums element-wise across calls", zh="add 在多次调用之间逐个累加")
def test_add_sums_element_wise(student):
    acc = student.new("Accumulator", 2)
    acc.call("add", 3.0, 10.0)
    acc.call("add", 4.5, 10.0)
    assert sums(acc, 2) == [7.5, 20.0]


@pytest.mark.describe(
    en="tensors and ints are added as Python floats (no tensor is kept)",
    zh="张量和整数都按 Python 浮点数累加（不保留张量）",
)
def test_tensors_and_ints_become_floats(student):
    acc = student.new("Accumulator", 3)
    acc.call("add", torch.tensor(4.0), 3, torch.tensor([0.5]))
    values = sums(acc, 3)
    assert [type(value).__name__ for value in values] == ["float"] * 3, (
        f"the sums are {values!r}: convert each argument with float(...)"
    )
    assert values == [4.0, 3.0, 0.5]


@pytest.mark.describe(en="fractions are not truncated", zh="小数不会被截断")
def test_fractions_are_kept(student):
    acc = student.new("Accumulator", 1)
    acc.call("add", 0.5)
    acc.call("add", 0.25)
    assert sums(acc, 1) == [0.75]


@pytest.mark.describe(
    en="reset zeroes every sum and keeps n", zh="reset 把所有累加量清零并保留个数 n"
)
def test_reset_keeps_n(student):
    acc = student.new("Accumulator", 2)
    acc.call("add", 1.0, 2.0)
    acc.call("reset")
    assert sums(acc, 2) == [0.0, 0.0]
    acc.call("add", 5.0, 6.0)
    assert sums(acc, 2) == [5.0, 6.0]
    assert acc.attr("data") == [5.0, 6.0]


@pytest.mark.describe(
    en="200 adds accumulate exactly as Python's float sum",
    zh="累加 200 次的结果与 Python 浮点数求和完全一致",
)
def test_repeated_adds_are_exact(student, seed):
    generator = torch.Generator().manual_seed(seed)
    values = torch.rand(200, generator=generator, dtype=torch.float64).tolist()
    acc = student.new("Accumulator", 2)
    for value in values:
        acc.call("add", value, 1)
    expected = 0.0
    for value in values:
        expected += value
    assert sums(acc, 2) == [expected, 200.0]


@pytest.mark.describe(en="an index >= n raises IndexError", zh="下标 >= n 时抛出 IndexError")
def test_index_past_the_end_raises(student):
    acc = student.new("Accumulator", 2)
    with pytest.raises(SubmissionRaised, match="IndexError"):
        acc.call("__getitem__", 2)

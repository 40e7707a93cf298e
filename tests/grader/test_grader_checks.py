"""The hidden tests' assertions: messages a learner understands."""

from __future__ import annotations

import pytest
import torch

from dlprep.grader.checks import assert_close, assert_finite, assert_tensor


def test_assert_tensor_names_shape_dtype_and_type_problems() -> None:
    with pytest.raises(
        AssertionError, match=r"expected the result to have shape \(2, 8\), got \(8, 2\)"
    ):
        assert_tensor(torch.zeros(8, 2), shape=(2, 8))
    with pytest.raises(AssertionError, match=r"dtype torch\.float64, got torch\.float32"):
        assert_tensor(torch.zeros(2), dtype=torch.float64)
    with pytest.raises(AssertionError, match="to be a tensor, got a list of 2 items"):
        assert_tensor([1, 2])
    assert assert_tensor(torch.zeros(3), shape=(3,), device="cpu").shape == (3,)


def test_assert_finite_counts_nan_and_infinity_and_says_where() -> None:
    with pytest.raises(
        AssertionError,
        match=r"the result\[1\] contains NaN at 3 positions and infinity at 1 position",
    ):
        assert_finite((torch.ones(2), torch.tensor([float("nan")] * 3 + [float("inf")])))
    assert_finite(torch.arange(3))  # integers are always finite


def test_assert_close_reports_mismatches_with_the_worst_position() -> None:
    expected = torch.zeros(2, 3)
    actual = expected.clone()
    actual[1, 2] = 0.5
    with pytest.raises(
        AssertionError,
        match=r"differs .* at 1 of 6 positions .* index \[1, 2\]: got 0.5, expected 0",
    ):
        assert_close(actual, expected)


def test_assert_close_uses_torch_default_tolerances_unless_given() -> None:
    assert_close(torch.tensor([1.0 + 1e-7]), torch.tensor([1.0]))
    with pytest.raises(AssertionError):
        assert_close(torch.tensor([1.001]), torch.tensor([1.0]))
    assert_close(torch.tensor([1.001]), torch.tensor([1.0]), atol=1e-2)


def test_assert_close_checks_containers_numbers_and_nan() -> None:
    assert_close((torch.ones(1), 2.0), [torch.ones(1), 2.0])
    with pytest.raises(AssertionError, match=r"the result\[1\] differs"):
        assert_close((torch.ones(1), 2.5), (torch.ones(1), 2.0))
    with pytest.raises(AssertionError, match="got nan"):
        assert_close(torch.tensor([float("nan")]), torch.tensor([1.0]))
    with pytest.raises(AssertionError, match="sequence of 2 items"):
        assert_close([1.0], [1.0, 2.0])

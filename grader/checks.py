"""Assertions for hidden tests, with messages a learner understands.

    assert_tensor(y, shape=(2, 8), dtype=torch.float32)   # "expected shape (2, 8), got (8, 2)"
    assert_finite(y)                                       # "contains NaN at 3 positions"
    assert_close(y, expected, atol=1e-6)                   # "differs at 4 of 16 positions; ..."

They run in the trusted parent on values that crossed the boundary as plain data.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch


def assert_tensor(value: object, shape: Sequence[int] | None = None, dtype: torch.dtype | None = None,
                  device: str | torch.device | None = None, what: str = "the result") -> torch.Tensor:
    """Check that `value` is a tensor with the given shape, dtype and device type; returns it."""
    if not isinstance(value, torch.Tensor):
        raise AssertionError(f"expected {what} to be a tensor, got {_describe(value)}")
    if shape is not None and tuple(value.shape) != tuple(shape):
        raise AssertionError(f"expected {what} to have shape {_shape(shape)}, got {_shape(value.shape)}")
    if dtype is not None and value.dtype != dtype:
        raise AssertionError(f"expected {what} to have dtype {dtype}, got {value.dtype}")
    if device is not None and value.device.type != torch.device(device).type:
        raise AssertionError(f"expected {what} on device {torch.device(device).type}, got {value.device.type}")
    return value


def assert_finite(value: object, what: str = "the result") -> None:
    """No NaN or infinity anywhere in `value` (a tensor, a number, or a container of them)."""
    for path, tensor in _tensors(value, what):
        if not (tensor.is_floating_point() or tensor.is_complex()):
            continue
        nan = int(torch.isnan(tensor).sum())
        inf = int(torch.isinf(tensor).sum())
        if nan or inf:
            problems = [f"NaN at {nan} position{'s' * (nan != 1)}" if nan else "",
                        f"infinity at {inf} position{'s' * (inf != 1)}" if inf else ""]
            raise AssertionError(f"{path} contains " + " and ".join(p for p in problems if p))


def assert_close(actual: object, expected: object, *, rtol: float | None = None, atol: float | None = None,
                 what: str = "the result") -> None:
    """Values equal within tolerance (torch.testing defaults unless given), shape and dtype first."""
    if isinstance(expected, torch.Tensor):
        tensor = assert_tensor(actual, shape=expected.shape, what=what)
        if tensor.dtype != expected.dtype:
            raise AssertionError(f"expected {what} to have dtype {expected.dtype}, got {tensor.dtype}")
        _compare_tensors(tensor, expected, rtol, atol, what)
        return
    if isinstance(expected, (list, tuple)):
        if not isinstance(actual, (list, tuple)) or len(actual) != len(expected):
            raise AssertionError(f"expected {what} to be a sequence of {len(expected)} items, got {_describe(actual)}")
        for index, (left, right) in enumerate(zip(actual, expected)):
            assert_close(left, right, rtol=rtol, atol=atol, what=f"{what}[{index}]")
        return
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        if isinstance(actual, torch.Tensor) and actual.numel() == 1:
            actual = actual.item()
        if not isinstance(actual, (int, float)) or isinstance(actual, bool):
            raise AssertionError(f"expected {what} to be a number, got {_describe(actual)}")
        _compare_tensors(torch.tensor(float(actual)), torch.tensor(float(expected)), rtol, atol, what)
        return
    if actual != expected:
        raise AssertionError(f"expected {what} to be {expected!r}, got {actual!r}")


def _compare_tensors(actual: torch.Tensor, expected: torch.Tensor, rtol: float | None, atol: float | None,
                     what: str) -> None:
    try:
        torch.testing.assert_close(actual, expected, rtol=rtol, atol=atol, equal_nan=False,
                                   check_device=False, check_dtype=False)
    except AssertionError as error:
        detail = " ".join(line.strip() for line in str(error).splitlines()[1:] if line.strip())
        raise AssertionError(f"{what} is not close to the expected values: {detail}") from None


def _tensors(value: object, path: str) -> list[tuple[str, torch.Tensor]]:
    if isinstance(value, torch.Tensor):
        return [(path, value)]
    if isinstance(value, float):
        return [(path, torch.tensor(value))]
    if isinstance(value, (list, tuple)):
        return [found for index, item in enumerate(value) for found in _tensors(item, f"{path}[{index}]")]
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _tensors(item, f"{path}[{key!r}]")]
    return []


def _describe(value: object) -> str:
    if isinstance(value, torch.Tensor):
        return f"a tensor of shape {_shape(value.shape)}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)} items"
    return f"{type(value).__name__} {value!r}"[:200]


def _shape(shape: Sequence[int]) -> str:
    dims = tuple(int(dim) for dim in shape)
    return f"({dims[0]},)" if len(dims) == 1 else str(dims)

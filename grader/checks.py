"""Assertions for hidden tests, with messages a learner understands.

    assert_tensor(y, shape=(2, 8), dtype=torch.float32)   # "expected shape (2, 8), got (8, 2)"
    assert_finite(y)                                       # "contains NaN at 3 positions"
    assert_close(y, expected, atol=1e-6)                   # "differs at 4 of 16 positions; ..."

They run in the trusted parent on values that crossed the boundary as plain data.
"""

from __future__ import annotations

import reprlib
from collections.abc import Sequence

import torch

# A submission's value in a message is shown short: its repr is built bounded, not cut after
# (a 500,000-item list would first become megabytes of text).
_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxstring, _SHORT.maxother = 3, 120, 120

# rtol, atol per dtype: the defaults of torch.testing.assert_close.
DEFAULT_TOLERANCES = {
    torch.float16: (1e-3, 1e-5),
    torch.bfloat16: (1.6e-2, 1e-5),
    torch.float32: (1.3e-6, 1e-5),
    torch.float64: (1e-7, 1e-7),
    torch.complex64: (1.3e-6, 1e-5),
    torch.complex128: (1e-7, 1e-7),
}


def assert_tensor(
    value: object,
    shape: Sequence[int] | None = None,
    dtype: torch.dtype | None = None,
    device: str | torch.device | None = None,
    what: str = "the result",
) -> torch.Tensor:
    """Check that `value` is a tensor with the given shape, dtype and device type; returns it."""
    if not isinstance(value, torch.Tensor):
        raise AssertionError(f"expected {what} to be a tensor, got {_describe(value)}")
    if shape is not None and tuple(value.shape) != tuple(shape):
        raise AssertionError(
            f"expected {what} to have shape {_shape(shape)}, got {_shape(value.shape)}"
        )
    if dtype is not None and value.dtype != dtype:
        raise AssertionError(f"expected {what} to have dtype {dtype}, got {value.dtype}")
    if device is not None and value.device.type != torch.device(device).type:
        raise AssertionError(
            f"expected {what} on device {torch.device(device).type}, got {value.device.type}"
        )
    return value


def assert_finite(value: object, what: str = "the result") -> None:
    """No NaN or infinity anywhere in `value` (a tensor, a number, or a container of them)."""
    for path, tensor in _tensors(value, what):
        if not (tensor.is_floating_point() or tensor.is_complex()):
            continue
        nan = int(torch.isnan(tensor).sum())
        inf = int(torch.isinf(tensor).sum())
        if nan or inf:
            problems = [
                f"NaN at {nan} position{'s' * (nan != 1)}" if nan else "",
                f"infinity at {inf} position{'s' * (inf != 1)}" if inf else "",
            ]
            raise AssertionError(f"{path} contains " + " and ".join(p for p in problems if p))


def assert_close(
    actual: object,
    expected: object,
    *,
    rtol: float | None = None,
    atol: float | None = None,
    what: str = "the result",
) -> None:
    """Values equal within tolerance (torch.testing's defaults unless given), shape and dtype first.

    NaN never equals NaN (use assert_finite to name NaNs).
    """
    if isinstance(expected, torch.Tensor):
        tensor = assert_tensor(actual, shape=expected.shape, what=what)
        if tensor.dtype != expected.dtype:
            raise AssertionError(
                f"expected {what} to have dtype {expected.dtype}, got {tensor.dtype}"
            )
        _compare_tensors(tensor, expected, rtol, atol, what)
        return
    if isinstance(expected, (list, tuple)):
        if not isinstance(actual, (list, tuple)) or len(actual) != len(expected):
            raise AssertionError(
                f"expected {what} to be a sequence of {len(expected)} items, got {_describe(actual)}"
            )
        for index, (left, right) in enumerate(zip(actual, expected, strict=True)):
            assert_close(left, right, rtol=rtol, atol=atol, what=f"{what}[{index}]")
        return
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        if isinstance(actual, torch.Tensor) and actual.numel() == 1:
            actual = actual.item()
        if not isinstance(actual, (int, float)) or isinstance(actual, bool):
            raise AssertionError(f"expected {what} to be a number, got {_describe(actual)}")
        _compare_tensors(
            torch.tensor(float(actual)), torch.tensor(float(expected)), rtol, atol, what
        )
        return
    if actual != expected:
        raise AssertionError(
            f"expected {what} to be {_SHORT.repr(expected)}, got {_SHORT.repr(actual)}"
        )


def _compare_tensors(
    actual: torch.Tensor, expected: torch.Tensor, rtol: float | None, atol: float | None, what: str
) -> None:
    default_rtol, default_atol = DEFAULT_TOLERANCES.get(expected.dtype, (0.0, 0.0))
    rtol = default_rtol if rtol is None else rtol
    atol = default_atol if atol is None else atol
    got, want = actual.detach().cpu(), expected.detach().cpu()
    if got.dtype != want.dtype:
        got = got.to(want.dtype) if want.is_floating_point() or want.is_complex() else got
    close = (
        torch.isclose(got, want, rtol=rtol, atol=atol)
        if got.numel()
        else torch.ones(0, dtype=torch.bool)
    )
    mismatched = int((~close).sum())
    if not mismatched:
        return
    difference = (got.double() - want.double()).abs().nan_to_num(nan=float("inf")).reshape(-1)
    worst = int(difference.argmax())
    index = (
        tuple(int(i) for i in torch.unravel_index(torch.tensor(worst), want.shape))
        if want.dim()
        else ()
    )
    raise AssertionError(
        f"{what} differs from the expected values at {mismatched} of {want.numel()} positions "
        f"(rtol={rtol:g}, atol={atol:g}); the largest difference is at index {list(index)}: "
        f"got {got.reshape(-1)[worst].item():.6g}, expected {want.reshape(-1)[worst].item():.6g}"
    )


def _tensors(value: object, path: str) -> list[tuple[str, torch.Tensor]]:
    if isinstance(value, torch.Tensor):
        return [(path, value)]
    if isinstance(value, float):
        return [(path, torch.tensor(value))]
    if isinstance(value, (list, tuple)):
        return [
            found
            for index, item in enumerate(value)
            for found in _tensors(item, f"{path}[{index}]")
        ]
    if isinstance(value, dict):
        return [
            found for key, item in value.items() for found in _tensors(item, f"{path}[{key!r}]")
        ]
    return []


def _describe(value: object) -> str:
    if isinstance(value, torch.Tensor):
        return f"a tensor of shape {_shape(value.shape)}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)} items"
    return f"{type(value).__name__} {_SHORT.repr(value)}"[:200]


def _shape(shape: Sequence[int]) -> str:
    dims = tuple(int(dim) for dim in shape)
    return f"({dims[0]},)" if len(dims) == 1 else str(dims)

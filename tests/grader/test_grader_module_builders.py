"""The child's builders for function exercises: modules from plain specs, parameters with grads, pretended GPUs."""

from __future__ import annotations

import pytest
import torch

from dlprep.grader.sandbox_lib.dlprep_child import builders
from dlprep.grader.sandbox_lib.dlprep_child.values import arg_after_call


def test_module_spec_state_frozen_and_reported_grads() -> None:
    spec = ["Sequential", ["Linear", 3, 2], ["ReLU"], ["Conv2d", 1, 1, 3, {"padding": 1}]]
    net = builders.module(
        spec,
        state={"0.bias": torch.tensor([1.0, 2.0])},
        frozen=["2.weight"],
        grads={"0.weight": torch.ones(2, 3)},
        report_grads=True,
    )
    assert isinstance(net[2], torch.nn.Conv2d) and net[2].padding == (1, 1)
    assert not net[2].weight.requires_grad and net[0].weight.requires_grad
    state = arg_after_call(net)
    assert isinstance(state, dict)
    assert torch.equal(state["0.bias"], torch.tensor([1.0, 2.0]))
    assert torch.equal(state["0.weight.grad"], torch.ones(2, 3)) and "0.bias.grad" not in state


def test_module_spec_errors_are_the_tests() -> None:
    with pytest.raises(ValueError, match="not a torch.nn module"):
        builders.module(["functional"])
    with pytest.raises(ValueError, match="no state entries"):
        builders.module(["Linear", 2, 2], state={"weights": torch.zeros(2, 2)})


def test_params_come_back_with_their_grads() -> None:
    params = builders.params([torch.ones(2), torch.zeros(3)], grads=[torch.full((2,), 4.0), None])
    assert all(p.is_leaf and p.requires_grad for p in params)
    with torch.no_grad():
        params[0] -= 1
    state = arg_after_call(params)
    assert isinstance(state, dict) and sorted(state) == ["0", "0.grad", "1"]
    assert torch.equal(state["0"], torch.zeros(2))
    holder = builders.params_holder([torch.ones(1)], grads=[torch.ones(1)])
    assert sorted(arg_after_call(holder)) == ["params.0", "params.0.grad"]  # type: ignore[arg-type]


def test_pretended_cuda_devices_and_back() -> None:
    real = torch.cuda.device_count()
    try:
        assert builders.as_if_cuda_devices(count=3, value=1) == 1
        assert torch.cuda.device_count() == 3 and torch.cuda.is_available()
        builders.as_if_cuda_devices(count=0)
        assert torch.cuda.device_count() == 0 and not torch.cuda.is_available()
    finally:
        builders.as_if_cuda_devices(count=None)
    assert torch.cuda.device_count() == real

"""The training-loop builders: kept nets, optimizers and d2l's updater over their parameters, mode counters."""

from __future__ import annotations

import pytest
import torch

from dlprep.grader.sandbox_lib.dlprep_child.build import materialise
from dlprep.grader.sandbox_lib.dlprep_child.builders import ParamsHolder
from dlprep.grader.sandbox_lib.dlprep_child.loop_builders import MODE_COUNTERS

SPEC = ["Sequential", ["Linear", 3, 2]]


def test_an_optimizer_steps_the_parameters_of_the_kept_net() -> None:
    net = materialise("tracked_module", {"spec": SPEC, "keep": "net"})
    sgd = materialise("optimizer", {"kind": "SGD", "params_of": "net", "lr": 1.0})
    before = net.state_dict()["0.bias"].clone()
    net(torch.ones(1, 3)).sum().backward()
    sgd.step()
    assert torch.allclose(net.state_dict()["0.bias"], before - 1.0)


def test_the_d2l_updater_divides_by_the_batch_size_and_zeroes_grads() -> None:
    W, b = torch.zeros(3, 2), torch.zeros(2)
    net = materialise("scratch_softmax", {"W": W, "b": b, "keep": "scratch"})
    updater = materialise("d2l_sgd_updater", {"params_of": "scratch", "lr": 2.0})
    assert isinstance(net, ParamsHolder) and not isinstance(net, torch.nn.Module)
    probabilities = net(torch.ones(4, 3))
    assert torch.allclose(probabilities, torch.full((4, 2), 0.5))
    loss = materialise("d2l_cross_entropy", {})(probabilities, torch.zeros(4, dtype=torch.long))
    loss.sum().backward()
    updater(4)
    state = net.state_dict()
    assert torch.allclose(
        state["params.1"], torch.tensor([1.0, -1.0])
    )  # grad -0.5/+0.5 per example
    assert torch.equal(state["params.1.grad"], torch.zeros(2))


def test_mode_counters_record_training_mode_and_grad_mode() -> None:
    net = materialise("tracked_module", {"spec": SPEC, "eval_mode": True, "record_modes": True})
    with torch.no_grad():
        net(torch.ones(1, 3))
    net.train()
    net(torch.ones(1, 3))
    state = net.state_dict()
    assert [int(state[name]) for name in MODE_COUNTERS] == [2, 1, 1]


def test_an_unknown_key_or_optimizer_is_an_error_of_the_test() -> None:
    with pytest.raises(ValueError, match="kept as 'missing'"):
        materialise("optimizer", {"kind": "SGD", "params_of": "missing", "lr": 0.1})
    materialise("tracked_module", {"spec": SPEC, "keep": "net"})
    with pytest.raises(ValueError, match="not a torch.optim optimizer"):
        materialise("optimizer", {"kind": "Tensor", "params_of": "net"})


def counters(loss: torch.nn.Module) -> tuple[int, int, int]:
    state = loss.state_dict()
    return int(state["calls"]), int(state["backwards"]), int(state["overlaps"])


def test_the_tracked_loss_counts_backward_per_call_and_overlapping_graphs() -> None:
    weight = torch.ones(3, requires_grad=True)
    target = torch.zeros(3)
    separate = materialise("tracked_loss", {"spec": ["MSELoss"]})
    for _ in range(2):
        separate(weight * 2, target).backward()
    assert counters(separate) == (2, 2, 0)
    together = materialise("tracked_loss", {"spec": ["MSELoss"]})
    total = together(weight * 2, target) + together(weight * 3, target)
    assert counters(together) == (2, 0, 1)
    total.backward()
    assert counters(together) == (2, 2, 1)
    with torch.no_grad():
        together(weight, target)
    assert counters(together) == (3, 2, 1)

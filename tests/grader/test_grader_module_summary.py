"""A returned nn.Module crosses as its summary, and `forward=[inputs]` runs it in the child (run_call)."""

from __future__ import annotations

import types

import pytest
import torch
from torch import nn

from dlprep.grader.sandbox_lib.dlprep_child import module_summary
from dlprep.grader.sandbox_lib.dlprep_child.calls import run_call

SOURCE = """
import torch
from torch import nn

def block(channels):
    return nn.Sequential(nn.Conv2d(1, channels, kernel_size=3, padding=1), nn.ReLU(),
                         nn.MaxPool2d(2, stride=2))

def layers():
    return [nn.Linear(2, 3), nn.Dropout(0.25)]

def not_callable():
    return 3

class Broken(nn.Module):
    __constants__ = ["size"]

    @property
    def size(self):
        raise RuntimeError("no size")

def broken():
    return Broken()

def huge():
    return nn.Sequential(*[nn.ReLU() for _ in range(3000)])
"""


def submission() -> types.ModuleType:
    module = types.ModuleType("submission")
    exec(compile(SOURCE, "sub.py", "exec"), module.__dict__)
    return module


def call(name: str, *args: object, **options: object) -> dict:
    return run_call(submission(), {"op": "call", "name": name, "args": list(args), **options})


def test_a_returned_module_comes_back_as_its_layer_tree() -> None:
    reply = call("block", 4)
    assert reply["status"] == "ok"
    summary = reply["value"]
    assert summary["type"] == "Sequential" and summary["name"] == ""
    assert summary["parameter_count"] == 4 * 9 + 4
    conv, relu, pool = summary["children"]
    assert [conv["name"], relu["name"], pool["name"]] == ["0", "1", "2"]
    assert conv["type"] == "Conv2d" and conv["parameters"] == {"weight": [4, 1, 3, 3], "bias": [4]}
    assert conv["config"]["kernel_size"] == (3, 3) and conv["config"]["padding"] == (1, 1)
    assert conv["config"]["in_channels"] == 1 and conv["config"]["out_channels"] == 4
    assert pool["type"] == "MaxPool2d" and pool["config"]["stride"] == 2
    assert relu["children"] == [] and relu["training"] is True


def test_modules_inside_containers_are_summarised_too() -> None:
    reply = call("layers")
    assert reply["status"] == "ok"
    linear, dropout = reply["value"]
    assert linear["config"] == {"in_features": 2, "out_features": 3}
    assert dropout["config"]["p"] == 0.25


def test_forward_runs_the_returned_module_on_the_inputs_in_the_child() -> None:
    reply = call("block", 2, forward=[torch.ones(1, 1, 6, 6)], seed=3)
    assert reply["status"] == "ok"
    output = reply["forward"]
    assert isinstance(output, torch.Tensor) and output.shape == (1, 2, 3, 3)
    assert bool((output >= 0).all())
    assert "forward" not in call("block", 2)


def test_forward_on_a_value_that_is_not_callable_is_the_submissions_error() -> None:
    reply = call("not_callable", forward=[torch.ones(1)])
    assert reply["status"] == "raised" and "not callable" in str(reply["message"])


def test_a_module_tree_beyond_the_bound_is_refused() -> None:
    reply = call("huge")
    assert reply["status"] == "unsafe"
    assert f"more than {module_summary.MAX_MODULES} submodules" in str(reply["message"])


def test_a_module_that_raises_while_described_is_unsafe_not_a_crash() -> None:
    reply = call("broken")
    assert reply["status"] == "unsafe" and "RuntimeError: no size" in str(reply["message"])


@pytest.mark.parametrize("layer", [nn.BatchNorm2d(3), nn.Conv2d(2, 2, 3, padding="same")])
def test_config_keeps_only_plain_values(layer: nn.Module) -> None:
    config = module_summary.summarise_module(layer)["config"]
    assert config and all(
        isinstance(value, (bool, int, float, str, type(None), tuple)) for value in config.values()
    )

"""The `iterate` and `read` call options, child side: run_call on a module, as the child serves it."""

from __future__ import annotations

import types

import torch

from dlprep.grader.sandbox_lib.dlprep_child import builders  # noqa: F401  (registers them)
from dlprep.grader.sandbox_lib.dlprep_child.calls import run_call

SOURCE = """
import torch

W = torch.ones(2, 3, requires_grad=True)
params = [W, torch.zeros(3, requires_grad=True) * 2]

def batches(n):
    for i in range(n):
        yield torch.tensor([i])

def as_list(n):
    return [torch.tensor([i]) for i in range(n)]

def forever():
    while True:
        yield 1

def echo(value):
    return None

def net(X):
    return X @ W
"""


def submission() -> types.ModuleType:
    module = types.ModuleType("submission")
    exec(compile(SOURCE, "sub.py", "exec"), module.__dict__)
    return module


def call(module: types.ModuleType, name: str, *args: object, **options: object) -> dict:
    return run_call(module, {"op": "call", "name": name, "args": list(args), **options})


def test_iterate_drains_a_generator_and_says_it_was_one() -> None:
    reply = call(submission(), "batches", 3, iterate=10)
    assert reply["status"] == "ok" and reply["iterator"] is True
    assert [int(item) for item in reply["value"]] == [0, 1, 2]


def test_iterate_keeps_a_list_and_says_it_was_not_an_iterator() -> None:
    reply = call(submission(), "as_list", 2, iterate=10)
    assert reply["status"] == "ok" and reply["iterator"] is False
    assert len(reply["value"]) == 2


def test_iterate_bounds_an_endless_generator() -> None:
    reply = call(submission(), "forever", iterate=5)
    assert reply["status"] == "raised"
    assert "more than 5 items" in str(reply["message"])


def test_without_iterate_a_generator_is_still_unsafe() -> None:
    reply = call(submission(), "batches", 3)
    assert reply["status"] == "unsafe"


def test_read_returns_module_names_with_this_calls_grads() -> None:
    module = submission()
    for _ in range(2):  # the second call's grads are not added to the first's
        reply = call(module, "net", torch.ones(4, 2), backward=True, read=["W", "params", "nope"])
    assert reply["status"] == "ok"
    assert set(reply["read"]) == {"W", "params"}
    W = reply["read"]["W"]
    assert torch.equal(W["grad"], torch.full((2, 3), 4.0))
    assert W["requires_grad"] is True and W["is_leaf"] is True
    params = reply["read"]["params"]
    assert params["is_leaf"] == [True, False] and params["requires_grad"] == [True, True]
    assert params["grad"][1] is None
    assert not params["value"][0].requires_grad  # values cross detached


def test_arg_state_reports_grads_and_leafness_of_the_arguments() -> None:
    leaf = {
        "__dlprep_build__": "leaf_with_grad",
        "params": {"tensor": torch.ones(3), "grad": torch.full((3,), 2.0)},
    }
    reply = call(submission(), "as_list", 0, arg_state=True)
    assert reply["arg_state"] == [{"grad": None, "requires_grad": None, "is_leaf": None}]
    reply = run_call(
        submission(), {"op": "call", "name": "echo", "args": [[leaf]], "arg_state": True}
    )
    assert reply["status"] == "ok"
    state = reply["arg_state"][0]
    assert state["requires_grad"] == [True] and state["is_leaf"] == [True]
    assert torch.equal(state["grad"][0], torch.full((3,), 2.0))

"""Class exercises: handles to instances in the sandboxed child, and what is refused."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import torch

from dlprep.exercises.registry import Limits
from dlprep.grader.errors import SubmissionError, SubmissionTimeout, UnsafeResult
from dlprep.grader.grading import Grader
from dlprep.grader.handles import HANDLE_KEY, HandleExpired
from dlprep.grader.proxy import StudentProxy
from dlprep.grader.session import SubmissionSession
from dlprep.grader.submission import Submission

SOURCE = """
import torch
from torch import nn


class Counter:
    def __init__(self, start):
        self.count = start
        self._secret = "hidden"

    def bump(self, by=1):
        self.count += by
        return self.count

    def spin(self):
        while True:
            pass

    def helper(self):
        return Counter(self.count)

    def function(self):
        return print


def rand():
    return torch.rand(3)


class Scale(nn.Module):
    def __init__(self, factor):
        super().__init__()
        self.factor = nn.Parameter(torch.tensor(float(factor)))

    def forward(self, X):
        return X * self.factor
"""
LIMITS = Limits(wall_seconds=20, call_seconds=2, memory_mib=1024)


@pytest.fixture
def session(degraded_grader: Grader):
    session = SubmissionSession(
        degraded_grader.zygote,
        Submission.from_text(SOURCE, "c.py"),
        "Counter",
        "Counter(start)",
        LIMITS,
    )
    assert session.start() is None
    yield session
    session.close()


def test_methods_and_attributes_cross_as_plain_data(session):
    counter = StudentProxy(session).new("Counter", 5)
    assert counter.call("bump", 2).value == 7 and counter.attr("count") == 7
    assert counter.attr("__class__") == "Counter"


def test_a_module_handle_gives_forward_state_dict_parameters_and_grads(session):
    student = StudentProxy(session)
    scale = student.new("Scale", 3)
    X = torch.arange(4.0, requires_grad=True)
    assert torch.equal(scale(X.detach()), X.detach() * 3)
    assert list(scale.state_dict()) == ["factor"]
    [info] = scale.named_parameters()
    assert (info.name, info.shape, info.requires_grad, info.is_parameter) == (
        "factor",
        (),
        True,
        True,
    )
    outcome = scale.call("__call__", X, backward=True)
    assert torch.equal(outcome.grads[0], torch.full((4,), 3.0))
    assert float(outcome.param_grads["factor"]) == 6.0 and float(scale.grads()["factor"]) == 6.0


def test_handles_compose_in_the_child(session):
    student = StudentProxy(session)
    net = student.new("nn.Sequential", student.new("Scale", 2), student.new("Scale", 5))
    assert torch.equal(net(torch.ones(3)), torch.full((3,), 10.0))
    assert list(net.state_dict()) == ["0.factor", "1.factor"]
    assert net.attr("0").type_name == "Scale"  # a module comes back as a handle, not an object


def test_a_learner_object_returned_by_a_method_stays_in_the_child(session):
    counter = StudentProxy(session).new("Counter", 1)
    copy = counter.call("helper").value
    assert copy.type_name == "Counter" and copy.call("bump").value == 2
    with pytest.raises(UnsafeResult):
        counter.call("function")


def test_private_attributes_cannot_be_read(session):
    with pytest.raises(SubmissionError, match="private attribute"):
        StudentProxy(session).new("Counter", 1).attr("_secret")


def test_an_unknown_class_is_a_missing_entry(session):
    with pytest.raises(SubmissionError, match="does not define `Nope`"):
        StudentProxy(session).new("Nope")


def test_a_handle_of_an_ended_child_is_refused(session):
    student = StudentProxy(session)
    counter = student.new("Counter", 1)
    with pytest.raises(SubmissionTimeout):
        counter.call("spin")
    with pytest.raises(HandleExpired, match="another submission or an ended process"):
        counter.call("bump")
    assert student.new("Counter", 4).call("bump").value == 5  # a fresh child serves new ones


def test_a_handle_of_another_submission_is_refused(session, degraded_grader):
    other = SubmissionSession(
        degraded_grader.zygote,
        Submission.from_text(SOURCE, "d.py"),
        "Counter",
        "Counter(start)",
        LIMITS,
    )
    assert other.start() is None
    try:
        mine = StudentProxy(session).new("Scale", 2)
        theirs = StudentProxy(other)
        with pytest.raises(HandleExpired):
            theirs.new("nn.Sequential", mine)
        with pytest.raises(HandleExpired):
            mine.to_wire(other)
    finally:
        other.close()


def test_the_child_refuses_a_forged_token():
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "grader" / "sandbox_lib"))
    try:
        from dlprep_child import instances
    finally:
        sys.path.pop(0)
    module = type(sys)("submission")
    exec(SOURCE, module.__dict__)
    made = instances.run_handle(
        module, {"action": "new", "name": "Counter", "token": "t", "args": [1]}
    )
    assert made["status"] == "ok"
    forged = instances.run_handle(
        module, {"action": "call", "handle": made["handle"], "token": "x", "method": "bump"}
    )
    assert forged["status"] == "build_error" and "not made by this process" in forged["message"]
    assert instances.HANDLE_KEY == HANDLE_KEY


def test_the_seed_offset_shifts_every_seed(session):
    plain, shifted = StudentProxy(session), StudentProxy(session, seed_offset=5)
    assert torch.equal(shifted.rand(), plain.call("rand", seed=5).value)
    assert not torch.equal(shifted.rand(), plain.rand())
    layers = [plain.new("nn.Linear", 2, 2, seed=5), shifted.new("nn.Linear", 2, 2)]
    assert torch.equal(layers[0].state_dict()["weight"], layers[1].state_dict()["weight"])

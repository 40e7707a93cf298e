"""An in-process stand-in for the grader's `student` proxy, and a runner of hidden tests with it.

Development aid and fast check of the wrong-implementation fixtures: it imports a submission
file directly (no sandbox) and offers the same API as the real proxy (docs/grader-api.md):
`student.<name>(...)`, `student.call(name, *args, seed=0, no_grad=False, backward=False, ...)`.
Arguments are deep-copied on the way in and results detached on the way out, as if they
crossed a process boundary; the learner's exceptions become `SubmissionRaised`.
"""

from __future__ import annotations

import contextlib
import copy
import importlib.util
import io
import json
import sys
import time
import types
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import torch
from torch import nn

from dlprep.exercises.registry import Exercise
from dlprep.grader.errors import EntryMissing, SubmissionRaised
from dlprep.grader.protocol import Build
from dlprep.grader.sandbox_lib.dlprep_child.build import materialise

SANDBOX_LIB = Path(__file__).resolve().parents[2] / "grader" / "sandbox_lib"


@dataclass(frozen=True)
class CallOutcome:
    value: object
    args: list[object]
    grads: list[torch.Tensor | None] | None
    stdout: str
    seconds: float


class InProcessStudent:
    """Calls the functions of one submission file in this process."""

    def __init__(self, submission: Path) -> None:
        self.module = _import_submission(submission)

    def call(self, name: str, *args: object, seed: int = 0, no_grad: bool = False,
             backward: bool = False, **kwargs: object) -> CallOutcome:
        function = getattr(self.module, name, None)
        if function is None:
            raise EntryMissing(f"the submission does not define {name}")
        args_in = [_materialise(arg) for arg in args]
        kwargs_in = {key: _materialise(value) for key, value in kwargs.items()}
        torch.manual_seed(seed)
        output = io.StringIO()
        started = time.perf_counter()
        try:
            with contextlib.redirect_stdout(output), (torch.no_grad() if no_grad else contextlib.nullcontext()):
                value = function(*args_in, **kwargs_in)
            grads = _gradients(value, args_in) if backward else None
        except Exception as error:  # the learner's code may raise anything
            raise SubmissionRaised(f"{type(error).__name__}: {error}", output.getvalue()) from error
        return CallOutcome(_detached(value), [_after_call(arg) for arg in args_in], grads,
                           output.getvalue(), time.perf_counter() - started)

    def __getattr__(self, name: str) -> object:
        return lambda *args, **kwargs: self.call(name, *args, **kwargs).value


class StandInPlugin:
    """Pytest plugin giving hidden tests the harness's fixtures, backed by `InProcessStudent`."""

    def __init__(self, exercise: Exercise, submission: Path, profile: str = "quick") -> None:
        self.exercise_value = exercise
        self.submission = submission
        self.profile_value = profile
        self.outcomes: dict[str, str] = {}

    @pytest.fixture(scope="module")
    def student(self) -> InProcessStudent:
        return InProcessStudent(self.submission)

    @pytest.fixture(scope="session")
    def exercise(self) -> Exercise:
        return self.exercise_value

    @pytest.fixture(scope="session")
    def profile(self) -> str:
        return self.profile_value

    @pytest.fixture(scope="session")
    def reference_band(self) -> dict[str, object]:
        bands = json.loads(self.exercise_value.reference_runs_path.read_text(encoding="utf-8"))
        return bands[self.profile_value]

    def pytest_configure(self, config: pytest.Config) -> None:
        config.addinivalue_line("markers", "points(n): the test is worth n points")

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        name = report.nodeid.split("::", 1)[-1]
        if report.when == "call" or report.outcome != "passed":
            self.outcomes[name] = "skipped" if report.skipped else report.outcome
        if report.when == "setup" and report.passed:
            self.outcomes.setdefault(name, "passed")


def run_hidden_tests(exercise: Exercise, submission: Path, *pytest_args: str) -> dict[str, str]:
    """Run the exercise's hidden tests against `submission` in process: test name -> outcome."""
    plugin = StandInPlugin(exercise, submission)
    with sandbox_lib_on_path():
        pytest.main([str(exercise.hidden_dir), "-q", "-p", "no:cacheprovider", "--import-mode=importlib",
                     "-o", "addopts=", "--rootdir", str(exercise.hidden_dir), *pytest_args],
                    plugins=[plugin])
    return plugin.outcomes


@contextlib.contextmanager
def sandbox_lib_on_path() -> Iterator[None]:
    """Make `from d2l import torch as d2l` resolve as it does in the sandbox."""
    sys.path.insert(0, str(SANDBOX_LIB))
    try:
        yield
    finally:
        sys.path.remove(str(SANDBOX_LIB))


def _import_submission(path: Path) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(f"submission_{abs(hash(path))}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    with sandbox_lib_on_path():
        spec.loader.exec_module(module)
    return module


def _materialise(value: object) -> object:
    if isinstance(value, Build):
        import dlprep.grader.sandbox_lib.dlprep_child.builders  # noqa: F401  (registers the builders)

        return materialise(value.name, dict(value.params))
    return copy.deepcopy(value)


def _gradients(value: object, args: list[object]) -> list[torch.Tensor | None]:
    target = value[0] if isinstance(value, tuple) else value
    target.sum().backward()
    return [arg.grad.detach().clone() if isinstance(arg, torch.Tensor) and arg.grad is not None else None
            for arg in args]


def _after_call(arg: object) -> object:
    if isinstance(arg, nn.Module):
        return {key: value.detach().clone() for key, value in arg.state_dict().items()}
    return _detached(arg)


def _detached(value: object) -> object:
    if isinstance(value, torch.Tensor):
        return value.detach().clone()
    if isinstance(value, (list, tuple)):
        return type(value)(_detached(item) for item in value)
    return value

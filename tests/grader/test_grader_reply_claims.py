"""Red team 2: the attacks that forged reply fields by patching the child's harness now lose.

`data_iter_list_forged` set `reply["iterator"] = True` for a built list, `roc_pairs_forged`
reported 0.01 s for 20 s of work; `forbid_silenced` emptied the forbidden-call record. They
all import `dlprep_child`, which no submission needs: the parent refuses it from the source in
every exercise, and in an exercise with `forbid:` also the dynamic forms that could reach it
(`__import__`, `sys.modules`, frame walks). Each has a control without the trick.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dlprep.exercises.forbid_dynamic import dynamic_uses
from dlprep.exercises.registry import get_exercise
from dlprep.grader.forbid_verdict import static_verdict
from dlprep.grader.grading import Grader
from dlprep.grader.submission import Submission

ATTACKS = Path(__file__).with_name("redteam2")


def _source(name: str) -> str:
    return (ATTACKS / f"{name}.py.txt").read_text(encoding="utf-8")


def _statuses(grader: Grader, exercise_id: str, name: str) -> dict[str, str]:
    report = grader.grade(get_exercise(exercise_id), Submission.from_text(_source(name), "a.py"))
    return {test.name.split("::")[-1]: test.status for test in report.tests}


@pytest.mark.parametrize("name", ["data_iter_list_forged", "control_data_iter_list"])
def test_a_list_is_not_a_generator_even_with_a_forged_reply(bwrap_grader: Grader, name: str):
    assert _statuses(bwrap_grader, "data_iter", name)["test_is_a_generator"] == "failed"


def test_a_forged_cpu_time_is_not_accepted(bwrap_grader: Grader) -> None:
    statuses = _statuses(bwrap_grader, "roc_auc", "roc_pairs_forged")
    assert statuses["test_large_input_is_fast"] != "passed"


@pytest.mark.parametrize(
    "name", ["data_iter_list_forged", "roc_pairs_forged", "forbid_silenced", "forbid_obfuscated"]
)
def test_the_attacks_are_refused_from_their_source(name: str) -> None:
    verdict = static_verdict(_source(name), ("torch.nn.functional.dropout",))
    assert verdict is not None


@pytest.mark.parametrize(
    "source",
    [
        "import sys\nsys._getframe(1).f_globals['run_call']\n",
        "import gc\ngc.get_objects()\n",
        "import inspect\ninspect.stack()\n",
        "def f():\n    raise ValueError\ntry:\n    f()\nexcept ValueError as e:\n"
        "    e.__traceback__.tb_frame.f_back\n",
        "().__class__.__base__.__subclasses__()\n",
    ],
)
def test_frame_walks_and_object_graphs_are_dynamic_access(source: str) -> None:
    assert dynamic_uses(source)

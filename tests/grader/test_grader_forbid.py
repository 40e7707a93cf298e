""" "Implement it yourself" rules: source analysis, the child's recording, and the verdict."""

from __future__ import annotations

import pytest

from dlprep.exercises.forbid import confirmed, forbidden_uses
from dlprep.exercises.registry import builtin_dir, get_exercise, load_pack
from dlprep.grader.grading import Grader
from dlprep.grader.messages import translate_output
from dlprep.grader.submission import Submission

DROPOUT = ["torch.nn.functional.dropout", "torch.nn.Dropout", "torch.dropout"]


@pytest.mark.parametrize(
    ("source", "found"),
    [
        (
            "import torch\ny = torch.nn.functional.dropout(x)\n",
            [("torch.nn.functional.dropout", 2)],
        ),
        (
            "import torch.nn.functional as F\n\nF.dropout(x, 0.5)\n",
            [("torch.nn.functional.dropout", 3)],
        ),
        (
            "from torch.nn import functional\nfunctional.dropout(x)\n",
            [("torch.nn.functional.dropout", 2)],
        ),
        ("from torch import nn\nlayer = nn.Dropout(0.5)\n", [("torch.nn.Dropout", 2)]),
        ("import torch\ndrop = torch.dropout\n", [("torch.dropout", 2)]),
        (
            "from torch.nn.functional import dropout as d\nd(x)\n",
            [("torch.nn.functional.dropout", 2)],
        ),
        (
            "import torch\ngetattr(torch.nn.functional, 'dropout')\n",
            [("torch.nn.functional.dropout", 2), ("torch.dropout", 2)],
        ),
        (
            "import torch\n\ndef dropout_layer(X, dropout):\n    return X * (torch.rand(X.shape) > dropout)\n",
            [],
        ),
        ("def broken(:\n", []),
    ],
)
def test_source_references_resolve_through_aliases(source, found):
    assert [(use.name, use.line) for use in forbidden_uses(source, DROPOUT)] == found


def test_tensor_methods_match_any_receiver():
    uses = forbidden_uses("def f(X):\n    return X.softmax(1)\n", ["torch.Tensor.softmax"])
    assert [(use.name, use.line) for use in uses] == [("torch.Tensor.softmax", 2)]


def test_only_names_that_ran_and_appear_in_the_source_are_confirmed():
    source = "import torch.nn.functional as F\nF.dropout\n"
    assert confirmed(source, DROPOUT, ["torch.dropout"]) == []  # ran inside a library
    assert confirmed(source, DROPOUT, ["os.system"]) == []  # not a rule of the exercise
    assert [use.name for use in confirmed(source, DROPOUT, DROPOUT)] == [DROPOUT[0]]


@pytest.mark.parametrize("exercise", load_pack(builtin_dir())[0], ids=lambda e: e.id)
def test_reference_solutions_respect_their_rules(exercise):
    source = exercise.reference_path.read_text(encoding="utf-8")
    assert forbidden_uses(source, exercise.forbid) == []


def test_calling_a_forbidden_function_gets_its_own_verdict(degraded_grader: Grader):
    source = (
        "import torch\nfrom torch import nn\n\n\ndef dropout_layer(X, dropout):\n"
        "    assert 0 <= dropout <= 1\n    if dropout in (0, 1):\n"
        "        return X if dropout == 0 else torch.zeros_like(X)\n"
        "    return nn.Dropout(dropout)(X)\n"
    )
    report = degraded_grader.grade(
        get_exercise("dropout_layer"), Submission.from_text(source, "d.py")
    )
    outputs = {test.name.split("::")[-1]: (test.status, test.output) for test in report.tests}
    status, output = outputs["test_each_call_draws_a_new_mask"]
    assert status == "failed"
    assert output == (
        "calls torch.nn.Dropout, which this exercise asks you to implement (found on line 9)"
    )
    assert translate_output(output, "zh") == (
        "调用了 torch.nn.Dropout，而本练习要求你自己实现它（见第 9 行）"
    )
    # the source decides, not what ran: a call that never reached nn.Dropout loses too
    assert outputs["test_dropout_zero_returns_x_unchanged"][0] == "failed"


def test_a_forbidden_name_in_dead_code_costs_the_points(degraded_grader: Grader):
    """The parent cannot tell dead code from live code without trusting the child's report."""
    exercise = get_exercise("dropout_layer")
    source = exercise.reference_path.read_text(encoding="utf-8") + (
        "\n\ndef unused(X):\n    return torch.nn.functional.dropout(X)\n"
    )
    assert not degraded_grader.grade(exercise, Submission.from_text(source, "d.py")).passed

"""Red team 2: the parent's static analysis decides forbidden calls, not the child's report.

`forbid_silenced` empties the child's record (`dlprep_child.forbid.take = lambda: []`),
`forbid_obfuscated` reaches F.dropout through `importlib` and a computed `getattr`; both scored
21/21 when the verdict needed the child's report and a by-name match in the source.
"""

from __future__ import annotations

import pytest

from dlprep.exercises.forbid import verdict_uses
from dlprep.exercises.forbid_dynamic import dynamic_uses, grader_module_uses
from dlprep.exercises.registry import builtin_dir, get_exercise, load_pack
from dlprep.grader.forbid_verdict import static_verdict
from dlprep.grader.grading import Grader
from dlprep.grader.messages import translate_output
from dlprep.grader.submission import Submission

DROPOUT = ("torch.nn.functional.dropout", "torch.nn.Dropout", "torch.dropout")
BODY = "\n\ndef dropout_layer(X, dropout):\n    return {call}\n"
CONTROL = "import torch.nn.functional as F\n" + BODY.format(call="F.dropout(X, dropout)")
SILENCED = (
    "import torch.nn.functional as F\nimport dlprep_child.forbid as _watch\n\n"
    "_watch.take = lambda: []\n" + BODY.format(call="F.dropout(X, dropout)")
)
OBFUSCATED = (
    "import importlib\n\n"
    '_F = importlib.import_module("torch.nn." + "lanoitcnuf"[::-1])\n'
    '_drop = getattr(_F, "drop" + "out")\n' + BODY.format(call="_drop(X, p=dropout)")
)


@pytest.mark.parametrize(
    "source",
    [
        "import torch.nn.functional as F\nF.dropout(x)\n",
        "from torch.nn.functional import dropout as d\nd(x)\n",
        "import torch\ntorch.nn.functional.dropout(x)\n",
        "from torch import nn\nnn.Dropout(0.5)\n",
        "import torch\ngetattr(torch.nn.functional, 'dropout')(x)\n",
        "import torch\ngetattr(getattr(torch, 'nn'), 'Dropout')(0.5)\n",
    ],
)
def test_a_static_reference_is_a_verdict_without_any_report(source):
    assert verdict_uses(source, DROPOUT, ran=[])
    assert static_verdict(source, DROPOUT) is not None


def test_a_bare_string_needs_the_childs_hint():
    source = "def dropout_layer(X, dropout):\n    return 'dropout'\n"
    assert verdict_uses(source, DROPOUT, ran=[]) == []
    assert [use.name for use in verdict_uses(source, DROPOUT, ran=[DROPOUT[0]])] == [DROPOUT[0]]


@pytest.mark.parametrize(
    ("source", "what"),
    [
        ("import importlib\n", "importlib"),
        ("from importlib import import_module\n", "importlib"),
        ("m = __import__('torch')\n", "__import__"),
        ("f = getattr(m, name)\n", "getattr with a computed name"),
        ("setattr(m, 'a' + 'b', 1)\n", "setattr with a computed name"),
        ("eval('1')\n", "eval"),
        ("exec('x = 1')\n", "exec"),
        ("compile('1', 'f', 'eval')\n", "compile"),
        ("import sys\nsys.modules['torch']\n", "sys.modules"),
        ("from sys import modules\n", "sys.modules"),
        ("globals()['x']\n", "globals"),
        ("vars(m)['x']\n", "vars"),
        ("m.__dict__['dropout']\n", "__dict__"),
        ("import operator\noperator.attrgetter(name)(m)\n", "attrgetter with a computed name"),
    ],
)
def test_dynamic_access_is_found(source, what):
    assert [use.what for use in dynamic_uses(source)] == [what]


@pytest.mark.parametrize(
    "source",
    [
        "import dlprep_child.forbid as w\n",
        "from dlprep_child import child\n",
        "import dlprep_common\n",
        "x = 'dlprep_child.calls'\n",
    ],
)
def test_the_graders_own_modules_are_refused_everywhere(source):
    assert [use.what for use in grader_module_uses(source)]
    assert static_verdict(source, ()) is not None  # also in an exercise without `forbid:`


def test_plain_code_is_not_dynamic():
    source = (
        "import torch\n\ndef f(net):\n    for m in net.modules():\n        getattr(m, 'weight')\n"
    )
    assert dynamic_uses(source) == []
    assert grader_module_uses(source) == []


@pytest.mark.parametrize("exercise", load_pack(builtin_dir())[0], ids=lambda e: e.id)
def test_references_and_starters_pass_the_static_rules(exercise):
    for path in (exercise.reference_path, exercise.reference_path.parent / "starter.py"):
        if path.exists():
            assert static_verdict(path.read_text(encoding="utf-8"), exercise.forbid) is None


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (CONTROL, "calls torch.nn.functional.dropout, which this exercise asks you to implement"),
        (SILENCED, "refers to the grader's own module dlprep_child"),
        (OBFUSCATED, "this exercise checks what you call; computed names and dynamic imports"),
    ],
    ids=["control_forbid_plain", "forbid_silenced", "forbid_obfuscated"],
)
def test_forbid_attacks_lose_the_points(degraded_grader: Grader, source, expected):
    report = degraded_grader.grade(
        get_exercise("dropout_layer"), Submission.from_text(source, "d.py")
    )
    outputs = {test.name.split("::")[-1]: (test.status, test.output) for test in report.tests}
    status, output = outputs["test_each_call_draws_a_new_mask"]
    assert status == "failed"
    assert output.startswith(expected)
    assert translate_output(output, "zh") != output  # a Chinese verdict exists
    assert report.score < report.max_score / 2

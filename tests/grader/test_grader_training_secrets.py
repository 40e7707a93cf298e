"""Training exercises prove that training happened on this grading's data (issue 9, class 6).

Per grading the parent draws a secret renaming of the classes (from `secrets`, i.e.
os.urandom); the child trains on renamed labels, and the parent scores under the same
renaming and checks that the trained weights grew out of the init the call's seed gives
(`training.secret_seed` can make that seed secret too, once the bands allow it). Weights made
in advance score at chance, and weights made in advance that learn the renaming at run time
fail the init check.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
import torch
from grader_toys import statuses
from torch import nn

from dlprep.exercises.registry import get_exercise
from dlprep.grader import training
from dlprep.grader.grading import Grader
from dlprep.grader.sandbox_lib.dlprep_common.fashion import FashionBatches
from dlprep.grader.sandbox_lib.dlprep_common.lenet import lenet
from dlprep.grader.submission import Submission

WRONG = Path(get_exercise("train_ch6").path) / "wrong"


def wrong_module(name: str) -> ModuleType:
    """One of train_ch6's generated wrong submissions, imported here (our own file, no sandbox)."""
    spec = importlib.util.spec_from_file_location(f"wrong_{name}", WRONG / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def d2l_init(net: nn.Module) -> None:
    for module in net.modules():
        if type(module) in (nn.Linear, nn.Conv2d):
            nn.init.xavier_uniform_(module.weight)


def test_secret_seeds_differ_between_draws() -> None:
    assert len({training.secret_seed() for _ in range(20)}) == 20


def test_the_parent_recomputes_the_init_the_child_draws() -> None:
    """The child seeds its global generator, then the learner's net.apply(init_weights) draws."""
    seed = training.secret_seed()
    net = lenet()
    torch.manual_seed(seed)
    d2l_init(net)
    init = training.xavier_init(training.lenet_shapes(), seed)
    assert sorted(init) == ["0.weight", "11.weight", "3.weight", "7.weight", "9.weight"]
    for key, value in init.items():
        assert torch.equal(value, net.state_dict()[key]), key
    assert training.init_correlation(net.state_dict(), init) == pytest.approx(1.0)
    other = training.xavier_init(training.lenet_shapes(), seed + 1)
    assert abs(training.init_correlation(other, init)) < 0.05


def test_precomputed_weights_are_good_under_true_labels_and_chance_under_a_secret_renaming() -> (
    None
):
    state = wrong_module("precomputed_weights").precomputed_state()
    assert training.heldout_accuracy(state, "quick") > 0.55  # a real net, trained offline
    renaming = training.secret_relabelling()
    assert training.heldout_accuracy(state, "quick", relabel=renaming) < 0.2
    init = training.xavier_init(training.lenet_shapes(), training.secret_seed())
    assert training.init_correlation(state, init) < training.MIN_INIT_CORRELATION


def test_learning_the_renaming_at_run_time_still_fails_the_init_check() -> None:
    """The adaptive cheat recovers the renaming from a few batches: only the init check stops it."""
    renaming = training.secret_relabelling()
    images, labels = training.load_parent_split("train", "quick")
    batches = FashionBatches(images, training.relabelled(labels, renaming), 128, shuffle=True)
    seed, net = training.secret_seed(), lenet()
    torch.manual_seed(seed)
    wrong_module("precomputed_relabelled").train_ch6(net, batches, None, 15, 0.9, "cpu")
    state = net.state_dict()
    assert training.heldout_accuracy(state, "quick", relabel=renaming) > 0.5
    init = training.xavier_init(training.lenet_shapes(), seed)
    assert training.init_correlation(state, init) < training.MIN_INIT_CORRELATION


# Looks for the secrets everywhere the child could read them before training: its environment,
# its command line, and the files of its working directory and /tmp (mounted data is static).
PROBE = """
import os, sys
def train_ch6(net, train_iter, test_iter, num_epochs, lr, device):
    seen = [repr(dict(os.environ)), repr(sys.argv)]
    with open("/proc/self/cmdline", "rb") as cmdline:
        seen.append(repr(cmdline.read()))
    for top in {os.getcwd(), "/tmp"}:
        for folder, _, files in os.walk(top):
            for name in files:
                path = os.path.join(folder, name)
                seen.append(path)
                try:
                    if os.path.getsize(path) < 100_000:
                        with open(path, "rb") as file:
                            seen.append(repr(file.read()))
                except OSError:
                    pass
    print("PROBE", " ".join(seen)[:60_000])
"""


@pytest.mark.slow
def test_two_gradings_draw_different_renamings_the_child_cannot_read(
    bwrap_grader: Grader, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: dict[str, list[object]] = {"relabel": []}

    def recorded(kind: str, draw):  # type: ignore[no-untyped-def]
        def wrapper() -> object:
            value = draw()
            drawn[kind].append(value)
            return value

        return wrapper

    monkeypatch.setattr(
        training, "secret_relabelling", recorded("relabel", training.secret_relabelling)
    )
    exercise = get_exercise("train_ch6")
    outputs = []
    for _ in range(2):
        report = bwrap_grader.grade(exercise, Submission.from_text(PROBE))
        assert statuses(report)["test_heldout_accuracy_beats_chance"] == "failed"
        outputs.append("\n".join(str(test.output) for test in report.tests))
    assert len(drawn["relabel"]) == 2
    assert drawn["relabel"][0] != drawn["relabel"][1]
    for output, renaming in zip(outputs, drawn["relabel"], strict=True):
        assert "PROBE" in output and "fashion_quick" not in output  # it ran; /tmp holds no data
        assert str(renaming) not in output and "".join(map(str, renaming)) not in output

"""Class 6 of issue 9: hidden tests are not fooled by shapes or by answers computed in advance."""

from __future__ import annotations

import base64
import io

import pytest
import torch
from grader_toys import statuses

from dlprep.exercises.registry import get_exercise
from dlprep.grader import reference_runs, training
from dlprep.grader.grading import Grader
from dlprep.grader.sandbox_lib.dlprep_common.fashion import FashionBatches
from dlprep.grader.sandbox_lib.dlprep_common.lenet import lenet
from dlprep.grader.submission import Submission

# A fixed "random" mask, and a flattened result exactly when the new-mask test's second call
# runs (the child seeds each call; seed 8 is that call's): it passed torch.equal before.
FIXED_MASK_DROPOUT = """
import torch
def dropout_layer(X, dropout):
    assert 0 <= dropout <= 1
    if dropout == 1:
        return torch.zeros_like(X)
    mask = (torch.rand(X.shape, generator=torch.Generator().manual_seed(1)) > dropout).to(X.dtype)
    Y = mask * X / (1.0 - dropout)
    return Y.reshape(-1) if torch.initial_seed() == 8 else Y
"""


def test_a_flattened_second_mask_does_not_pass_the_new_mask_test(grader: Grader) -> None:
    report = grader.grade(get_exercise("dropout_layer"), Submission.from_text(FIXED_MASK_DROPOUT))
    assert statuses(report)["test_each_call_draws_a_new_mask"] == "failed"


def test_the_secret_relabelling_is_a_fresh_derangement_each_time() -> None:
    drawn = {tuple(training.secret_relabelling()) for _ in range(20)}
    assert len(drawn) > 15
    for order in drawn:
        assert sorted(order) == list(range(10)) and all(order[i] != i for i in range(10))


PRETRAINED = """
import base64, io, torch
from safetensors.torch import load
WEIGHTS = "{weights}"
def train_ch6(net, train_iter, test_iter, num_epochs, lr, device):
    net.load_state_dict(load(base64.b64decode(WEIGHTS)))   # never looks at train_iter
"""


@pytest.mark.slow
def test_weights_trained_in_advance_score_at_chance(bwrap_grader: Grader) -> None:
    """A train_ch6 that ships a LeNet trained offline (true labels) fails every scoring test."""
    from safetensors.torch import save

    exercise = get_exercise("train_ch6")
    profile = training.get_profile("quick")
    train_fn = reference_runs._import_reference(exercise).train_ch6
    torch.manual_seed(0)
    net = lenet()
    train = FashionBatches(*training.load_parent_split("train", "quick"), profile.batch_size, True)
    test = FashionBatches(*training.load_parent_split("test", "quick"), profile.batch_size, False)
    with io.StringIO() as sink, __import__("contextlib").redirect_stdout(sink):
        train_fn(net, train, test, 6, profile.lr, torch.device("cpu"))
    state = {key: value.contiguous() for key, value in net.state_dict().items()}
    assert training.heldout_accuracy(state, "quick") > 0.5  # good weights, under true labels
    weights = base64.b64encode(save(state)).decode()
    report = bwrap_grader.grade(exercise, Submission.from_text(PRETRAINED.format(weights=weights)))
    result = statuses(report)
    for name in (
        "test_heldout_accuracy_beats_chance",
        "test_heldout_accuracy_is_within_the_reference_band",
        "test_training_loss_fell_well_below_chance_level",
    ):
        assert result[name] == "failed", (name, report.tests)

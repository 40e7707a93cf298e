"""Reference runs: `dlprep reference` computes and stores a band; the shipped band is sound; the pass threshold."""

from __future__ import annotations

import json

import pytest
import torch
from exercises_support import write_exercise

from dlprep.cli import main
from dlprep.exercises.registry import ExerciseError, get_exercise
from dlprep.grader.reference_runs import minimum_accuracy, read_bands, training_setup
from dlprep.grader.training import PROFILES, SOFTMAX_PROFILES

UNTRAINED_REFERENCE = """\
def train_ch6(net, train_iter, test_iter, num_epochs, lr, device):
    print("not training at all")
"""


@pytest.fixture
def untrained_pack(tmp_path):
    """A training exercise whose 'reference' leaves the net untrained: a fast run with a chance-level band."""
    folder = write_exercise(tmp_path, "toy_training", kind="training")
    yaml_text = (
        (folder / "exercise.yaml")
        .read_text(encoding="utf-8")
        .replace("entry: toy", "entry: train_ch6")
    )
    (folder / "exercise.yaml").write_text(yaml_text, encoding="utf-8")
    (folder / "reference.py").write_text(UNTRAINED_REFERENCE, encoding="utf-8")
    (folder / "reference_runs.json").write_text(
        '{"full": {"mean": 0.9, "std": 0.01, "n": 3}}\n', encoding="utf-8"
    )
    return tmp_path


def test_reference_writes_the_band_and_keeps_other_profiles(untrained_pack, capsys):
    status = main(
        [
            "reference",
            "toy_training",
            "--profile",
            "quick",
            "--seeds",
            "2",
            "--write",
            "--exercises",
            str(untrained_pack),
        ]
    )
    captured = capsys.readouterr()
    assert status == 0
    assert (
        "seed 0: held-out accuracy" in captured.err and "wrote the cpu quick band" in captured.err
    )
    printed = json.loads(captured.out)["cpu"]["quick"]
    path = get_exercise("toy_training", [untrained_pack]).reference_runs_path
    stored = read_bands(path)
    assert stored["cpu"]["quick"] == printed
    assert stored["cpu"]["full"] == {"mean": 0.9, "std": 0.01, "n": 3}  # the old layout's band
    assert set(json.loads(path.read_text(encoding="utf-8"))) == {"cpu"}  # rewritten by device
    assert (printed["n"], printed["seeds"], printed["device"], printed["metric"]) == (
        2,
        [0, 1],
        "cpu",
        "heldout_accuracy",
    )
    assert (
        printed["settings"]["train_examples"] == 12_000
        and printed["settings"]["heldout_examples"] == 2_000
    )
    assert printed["settings"]["num_epochs"] == PROFILES["quick"].num_epochs
    assert 0.0 <= printed["mean"] <= 0.3, "an untrained LeNet should score about chance (0.10)"


def test_reference_without_write_leaves_the_file_alone_and_repeats_exactly(untrained_pack, capsys):
    path = get_exercise("toy_training", [untrained_pack]).reference_runs_path
    before = path.read_text(encoding="utf-8")
    values = []
    for _ in range(2):
        assert (
            main(["reference", "toy_training", "--seeds", "1", "--exercises", str(untrained_pack)])
            == 0
        )
        values.append(json.loads(capsys.readouterr().out)["cpu"]["quick"]["values"])
    assert path.read_text(encoding="utf-8") == before
    assert values[0] == values[1], "seed 0 must give the same run twice"


def test_shipped_quick_band_of_train_ch6():
    band = read_bands(get_exercise("train_ch6").reference_runs_path)["cpu"]["quick"]
    assert band["n"] >= 3 and len(band["values"]) == band["n"]
    assert band["settings"]["num_epochs"] == PROFILES["quick"].num_epochs
    assert band["settings"]["batch_size"] == PROFILES["quick"].batch_size
    assert 0.5 < minimum_accuracy(band) < band["mean"] < 1.0


def test_shipped_quick_band_of_train_ch3_matches_its_profile():
    band = read_bands(get_exercise("train_ch3").reference_runs_path)["cpu"]["quick"]
    assert band["n"] >= 5 and len(band["values"]) == band["n"]
    for setting in ("num_epochs", "batch_size", "lr"):
        assert band["settings"][setting] == getattr(SOFTMAX_PROFILES["quick"], setting)
    assert 0.7 < minimum_accuracy(band) < band["mean"] < 1.0


def test_train_ch3_setup_trains_softmax_regression_with_a_loss_and_an_optimizer_over_the_net():
    setup = training_setup("train_ch3")
    net = setup.build()
    assert [type(layer).__name__ for layer in net] == ["Flatten", "Linear"]
    assert float(net[1].weight.std()) == pytest.approx(0.01, rel=0.1)
    calls = []
    profile = SOFTMAX_PROFILES["quick"]
    setup.call(lambda *args: calls.append(args), net, "train", "test", profile, torch.device("cpu"))
    ((got_net, train_iter, test_iter, loss, num_epochs, updater),) = calls
    assert (got_net, train_iter, test_iter, num_epochs) == (
        net,
        "train",
        "test",
        profile.num_epochs,
    )
    assert isinstance(loss, torch.nn.CrossEntropyLoss) and loss.reduction == "none"
    assert isinstance(updater, torch.optim.SGD) and updater.defaults["lr"] == profile.lr
    assert updater.param_groups[0]["params"][0] is net[1].weight
    assert (
        training_setup("train_ch6").build().state_dict().keys()
        == training_setup("any").build().state_dict().keys()
    )


def test_minimum_accuracy_is_mean_minus_three_std_minus_margin():
    assert minimum_accuracy({"mean": 0.75, "std": 0.02}) == pytest.approx(0.75 - 0.06 - 0.02)


def test_read_bands_reports_invalid_json_with_its_line(tmp_path):
    path = tmp_path / "reference_runs.json"
    path.write_text('{\n  "quick": oops\n}\n', encoding="utf-8")
    with pytest.raises(ExerciseError) as error:
        read_bands(path)
    assert (error.value.line, error.value.field) == (2, "reference_runs.json")

"""Reference runs of training exercises: the band of held-out accuracy a correct train_ch6 / train_ch3 reaches.

`dlprep reference train_ch6 --profile quick --seeds 3 [--device cuda] --write` (grader/reference_cli.py) runs the
exercise's reference solution in this process (trusted code) once per seed, exactly as a graded
submission is run (same net builder, same iterators, `torch.manual_seed(seed)` first, on the
chosen device), scores each trained net on the held-out split, and stores the band in the
exercise's reference_runs.json under its device and profile (layout: grader/bands.py).
`TrainingSetup` says, per exercise, which net is trained, with which profiles and how the
entry is called (train_ch3: softmax regression, loss and updater; every other training
exercise: train_ch6's LeNet call).

    {"cpu": {"quick": {"metric": "heldout_accuracy", "mean": 0.70, "std": 0.01, "n": 3,
                       "values": [...], "seeds": [0, 1, 2], "device": "cpu", "torch": "2.x",
                       "wall_seconds": 41.2, "settings": {...}, "created": "2026-01-01T00:00:00+00:00"}}}

Hidden tests pass a submission whose accuracy is at least `minimum_accuracy(band)`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import io
import json
import statistics
import time
import types
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TypeGuard

import torch
from torch import nn

from dlprep.exercises.registry import Exercise, ExerciseError
from dlprep.grader import training
from dlprep.grader.bands import read_bands as read_bands  # re-exported: the device-keyed reader
from dlprep.grader.bands import with_band
from dlprep.grader.profiles import Profile, get_profile
from dlprep.grader.sandbox_lib.dlprep_common.fashion import (
    DataUnavailable as DataUnavailable,  # re-exported: what run_reference raises without data
)
from dlprep.grader.sandbox_lib.dlprep_common.fashion import FashionBatches
from dlprep.grader.sandbox_lib.dlprep_common.lenet import lenet, softmax_regression

METRIC = "heldout_accuracy"
SIGMAS = 3.0
MARGIN = (
    0.02  # absolute accuracy below mean - 3 std still accepted (three seeds estimate std roughly)
)


@dataclass(frozen=True)
class Band:
    """Held-out accuracy of the reference solution over several seeds, for one profile."""

    metric: str
    mean: float
    std: float
    n: int
    values: list[float]
    seeds: list[int]
    device: str
    torch: str
    wall_seconds: float
    settings: dict[str, object]
    created: str


TrainFunction = Callable[..., object]


def _call_train_ch6(
    train_fn: TrainFunction,
    net: nn.Module,
    train_iter: FashionBatches,
    test_iter: FashionBatches,
    profile: training.Profile,
    device: torch.device,
) -> None:
    train_fn(net, train_iter, test_iter, profile.num_epochs, profile.lr, device)


def _call_train_ch3(
    train_fn: TrainFunction,
    net: nn.Module,
    train_iter: FashionBatches,
    test_iter: FashionBatches,
    profile: training.Profile,
    device: torch.device,
) -> None:
    loss = nn.CrossEntropyLoss(reduction="none")
    updater = torch.optim.SGD(net.parameters(), lr=profile.lr)
    train_fn(net, train_iter, test_iter, loss, profile.num_epochs, updater)


@dataclass(frozen=True)
class TrainingSetup:
    """What a training exercise trains (`build`), its profiles, and how its entry is called."""

    build: training.NetBuilder
    profiles: Mapping[str, training.Profile]
    call: Callable[..., None]


DEFAULT_SETUP = TrainingSetup(lenet, training.PROFILES, _call_train_ch6)  # train_ch6's call
SETUPS: dict[str, TrainingSetup] = {
    "train_ch3": TrainingSetup(softmax_regression, training.SOFTMAX_PROFILES, _call_train_ch3),
}


def training_setup(exercise_id: str) -> TrainingSetup:
    """The setup of `exercise_id`: train_ch3's, else train_ch6's (LeNet, num_epochs, lr, device)."""
    return SETUPS.get(exercise_id, DEFAULT_SETUP)


def minimum_accuracy(band: Mapping[str, object]) -> float:
    """The lowest held-out accuracy that passes: mean - 3 std - 0.02.

    `band` is one profile's entry of reference_runs.json (read as JSON, so its numbers are checked).
    """
    mean, std = band.get("mean"), band.get("std")
    if not _is_number(mean) or not _is_number(std):
        raise ValueError(f"a reference band needs numbers mean and std (got {mean!r}, {std!r})")
    return float(mean) - SIGMAS * float(std) - MARGIN


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def run_reference(
    exercise: Exercise,
    profile_name: str,
    seeds: int,
    root: Path | None = None,
    report: Callable[[str], None] = print,
    device_name: str = "cpu",
) -> Band:
    """Train the reference solution once per seed (0 .. seeds-1) on `device_name` (cpu | cuda,
    already resolved) and summarise the held-out accuracy."""
    if exercise.kind != "training":
        raise ExerciseError(
            exercise.path / "exercise.yaml",
            None,
            "kind",
            "reference runs exist for training exercises only",
        )
    setup = training_setup(exercise.id)
    profile = get_profile(profile_name, setup.profiles)
    train_fn = getattr(_import_reference(exercise), exercise.entry)
    data = {
        split: training.load_parent_split(split, profile.name, root) for split in ("train", "test")
    }
    heldout = training.load_parent_split("heldout", profile.name, root)
    device = torch.device("cuda:0" if device_name == "cuda" else "cpu")
    values: list[float] = []
    started = time.perf_counter()
    for seed in range(seeds):
        seed_started = time.perf_counter()
        net = _train_one(setup, train_fn, data, profile, device, seed)
        trained = training.load_lenet(net.state_dict(), setup.build)
        values.append(training.accuracy_on(trained, *heldout))
        report(
            f"seed {seed}: held-out accuracy {values[-1]:.4f} ({time.perf_counter() - seed_started:.1f} s)"
        )
    settings = {
        **profile.settings(),
        "train_examples": len(data["train"][1]),
        "heldout_examples": len(heldout[1]),
    }
    return Band(
        METRIC,
        statistics.fmean(values),
        statistics.stdev(values) if len(values) > 1 else 0.0,
        len(values),
        values,
        list(range(seeds)),
        str(device),
        torch.__version__,
        round(time.perf_counter() - started, 1),
        settings,
        dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )


def write_band(exercise: Exercise, profile_name: str, band: Band) -> Path:
    """Store `band` under its device and `profile_name` in reference_runs.json, keeping the others
    (a file in the older profile-keyed layout is rewritten in the device-keyed one)."""
    path = exercise.reference_runs_path
    bands = read_bands(path) if path.exists() else {}
    bands = with_band(bands, profile_name, asdict(band))
    path.write_text(json.dumps(bands, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _train_one(
    setup: TrainingSetup,
    train_fn: TrainFunction,
    data: dict[str, tuple[torch.Tensor, torch.Tensor]],
    profile: Profile,
    device: torch.device,
    seed: int,
) -> torch.nn.Module:
    torch.manual_seed(seed)
    net = setup.build()
    train_iter = FashionBatches(*data["train"], profile.batch_size, shuffle=True)
    test_iter = FashionBatches(*data["test"], profile.batch_size, shuffle=False)
    with contextlib.redirect_stdout(io.StringIO()):
        setup.call(train_fn, net, train_iter, test_iter, profile, device)
    return net


def _import_reference(exercise: Exercise) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(
        f"dlprep_reference_{exercise.id}", exercise.reference_path
    )
    if spec is None or spec.loader is None:
        raise ExerciseError(exercise.reference_path, None, "reference.py", "cannot be imported")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

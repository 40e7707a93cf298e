"""The `dlprep reference` command: a training exercise's reference band, printed or stored.

It runs the exercise's reference solution in this process (trusted code) over several seeds
(grader/reference_runs.py does the work) and prints the band as JSON, or with `--write` stores
it in reference_runs.json under its device and profile. `--device auto|cpu|cuda` (default auto:
cuda when torch sees a GPU) picks where the reference trains; a GPU's band is stored apart from
the CPU's (grader/bands.py). Exit status (dlprep/console.py): 0 ok, 2 usage or input error
(unknown or non-training exercise, missing data, --device cuda without a GPU). torch is
imported only when the command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from dlprep.console import EXIT_OK, EXIT_USAGE, positive_int, stderr_console
from dlprep.env import DATA_ENV
from dlprep.exercises.registry import Exercise, ExerciseError, get_exercise
from dlprep.grader.devices import DEVICES
from dlprep.grader.profiles import PROFILE_NAMES


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `reference` to the dlprep command."""
    reference = subparsers.add_parser(
        "reference",
        help="run a training exercise's reference solution over seeds: its accuracy band",
    )
    reference.add_argument("exercise_id", metavar="EXERCISE")
    reference.add_argument(
        "--profile",
        choices=PROFILE_NAMES,
        default="quick",
        help="quick: CPU, shipped subset; full: d2l's setting on FashionMNIST (default quick)",
    )
    reference.add_argument(
        "--seeds", type=positive_int, default=3, metavar="N", help="runs, seeds 0..N-1 (default 3)"
    )
    reference.add_argument(
        "--data-dir",
        type=Path,
        metavar="D",
        help=f"torchvision-style FashionMNIST root for --profile full (default ${DATA_ENV})",
    )
    reference.add_argument(
        "--device",
        choices=DEVICES,
        default="auto",
        help="where the reference trains, and whose band it is: auto (cuda if there is a GPU, "
        "else cpu), cpu or cuda (default auto)",
    )
    reference.add_argument(
        "--write", action="store_true", help="store the band in the exercise's reference_runs.json"
    )
    reference.add_argument(
        "--exercises",
        type=Path,
        metavar="DIR",
        help="also load the exercise folder(s) in DIR (an instructor pack)",
    )
    reference.set_defaults(func=run_reference_command)


def run_reference_command(args: argparse.Namespace) -> int:
    """Check the arguments, then run, print and maybe store the band; the exit status."""
    exercise = _training_exercise(args)
    if exercise is None:
        return EXIT_USAGE
    if args.data_dir is not None and not args.data_dir.is_dir():
        stderr_console().print(f"{args.data_dir}: --data-dir must be a directory", markup=False)
        return EXIT_USAGE
    from dlprep.grader.devices import DeviceUnavailable, device_key, resolve_device
    from dlprep.grader.reference_runs import DataUnavailable, run_reference, write_band

    try:
        device = resolve_device(args.device)
        band = run_reference(
            exercise,
            args.profile,
            args.seeds,
            args.data_dir,
            report=lambda line: print(line, file=sys.stderr),
            device_name=device,
        )
    except (DataUnavailable, DeviceUnavailable) as error:
        stderr_console().print(f"error: {error}", markup=False)
        return EXIT_USAGE
    key = device_key(band.device)
    print(json.dumps({key: {args.profile: asdict(band)}}, indent=2))
    if args.write:
        path = write_band(exercise, args.profile, band)
        stderr_console().print(f"wrote the {key} {args.profile} band to {path}", markup=False)
    return EXIT_OK


def _training_exercise(args: argparse.Namespace) -> Exercise | None:
    """The training exercise named on the command line, or None after printing why not."""
    extra = [args.exercises] if args.exercises is not None else []
    try:
        exercise = get_exercise(args.exercise_id, extra)
    except ExerciseError as error:
        stderr_console().print(str(error), markup=False)
        return None
    if exercise.kind != "training":
        stderr_console().print(
            f"{exercise.id} is a {exercise.kind} exercise: reference runs are for training exercises",
            markup=False,
        )
        return None
    return exercise

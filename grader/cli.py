"""The `dlprep grade` and `dlprep grade-batch` commands.

    dlprep grade EXERCISE FILE [--json] [--lang en|zh] [--gradescope OUT] [--exercises DIR] [--profile quick|full] [--data-dir D] [--device auto|cpu|cuda]
    dlprep grade-batch EXERCISE DIR --jobs N --out OUT [--exercises DIR] [--profile P] [--data-dir D] [--device D]

Exit status: 0 every test passed (every submission, for a batch), 1 some did not, 2 a usage or
input error (unknown exercise, missing or non-UTF-8 file, bad directory) or a grader that
could not run, 3 (grade-batch) some rows are grader errors rather than verdicts. Nothing heavy is imported until a command runs: the sandbox starts first, and
torch is imported while it boots.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from dlprep.console import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    stderr_console,
)
from dlprep.env import DATA_ENV, env_path
from dlprep.grader.errors import InputError, SandboxError
from dlprep.grader.profiles import PROFILE_NAMES

if TYPE_CHECKING:
    from dlprep.exercises.registry import Exercise
    from dlprep.grader.report import Report
    from dlprep.grader.submission import Submission
    from dlprep.grader.zygote import ZygoteClient


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `grade` and `grade-batch` to the dlprep command."""
    grade = subparsers.add_parser(
        "grade", help="grade one submission against an exercise's hidden tests"
    )
    grade.add_argument("exercise", metavar="EXERCISE", help="exercise id, e.g. dropout_layer")
    grade.add_argument("file", metavar="FILE", type=Path, help="the submission (one Python file)")
    grade.add_argument("--json", action="store_true", help="print the report as one JSON object")
    grade.add_argument(
        "--lang",
        choices=("en", "zh"),
        default="en",
        help="report language: test descriptions, statuses, the grader's messages (default en)",
    )
    grade.add_argument(
        "--gradescope", metavar="OUT", type=Path, help="also write Gradescope's results.json to OUT"
    )
    add_common(grade)
    grade.set_defaults(func=run_grade)
    from dlprep.grader.batch_cli import register as register_batch

    register_batch(subparsers)
    from dlprep.grader import submit_cli

    submit_cli.register(subparsers)


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--exercises", type=Path, metavar="DIR", help="an extra exercise folder or pack"
    )
    add_device(parser)
    parser.add_argument(
        "--profile",
        choices=PROFILE_NAMES,
        default="quick",
        help="training exercises: the quick CPU profile or the full d2l setting",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="D",
        help=f"torchvision-style FashionMNIST root (default: ${DATA_ENV})",
    )


def add_device(parser: argparse.ArgumentParser) -> None:
    from dlprep.grader.devices import DEVICES

    parser.add_argument(
        "--device",
        choices=DEVICES,
        default="auto",
        help="where training exercises train: auto (cuda if the grader sees a GPU, else cpu), "
        "cpu or cuda (default auto); the report names the reference band used",
    )


def run_grade(args: argparse.Namespace) -> int:
    from dlprep.grader.devices import resolve_device
    from dlprep.grader.submission import read_submission
    from dlprep.grader.zygote import ZygoteClient

    errors = stderr_console()
    try:
        exercise = load_exercise(args.exercise, args.exercises)
        submission = read_submission(args.file)
        data_root = data_root_from(args.data_dir)
        device = resolve_device(args.device)  # DeviceUnavailable (exit 2) for cuda without a GPU
        zygote = ZygoteClient(data_root, device=device)  # boots while torch is imported below
        with errors.status(f"Grading {args.file.name} ({exercise.id})…"):
            report = _grade(zygote, exercise, submission, args.profile)
        if args.gradescope:
            _write_gradescope(report, args.gradescope)
    except (InputError, SandboxError) as error:
        errors.print(f"error: {error}", markup=False)
        return EXIT_USAGE
    if args.json:
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False) + "\n")
    else:
        from dlprep.grader.render import print_report

        print_report(report, Console(highlight=False), submission.filename, args.lang)
    return EXIT_OK if report.passed else EXIT_FAILED


def load_exercise(exercise_id: str, extra: Path | None) -> Exercise:
    """The exercise, or InputError with the registry's file:line: field: message."""
    from dlprep.exercises.registry import ExerciseError, get_exercise

    if extra is not None and not extra.is_dir():
        raise InputError(f"{extra}: --exercises must be a directory")
    try:
        return get_exercise(exercise_id, [extra] if extra else [])
    except ExerciseError as error:
        raise InputError(str(error)) from None


def data_root_from(option: Path | None) -> Path | None:
    """--data-dir, else $DLPREP_DATA, else None: an existing FashionMNIST root, resolved.

    The sandbox's view of it (train and test, never held-out images) is built here once, in
    this process, before any zygote or batch worker needs it; the Grader then hands the root
    to the hidden tests' training helpers (no environment variable is changed).
    """
    from dlprep.grader.sandbox_data import sandbox_view

    value = option or env_path(DATA_ENV)
    if value is None:
        return None
    if not value.is_dir():
        raise InputError(f"{value}: the data directory does not exist")
    sandbox_view(value.resolve())  # DataRootError (an InputError) when it holds no FashionMNIST
    return value.resolve()


def _grade(
    zygote: ZygoteClient, exercise: Exercise, submission: Submission, profile: str
) -> Report:
    from dlprep.grader.grading import Grader, prepare_grading_process

    prepare_grading_process()
    with Grader(zygote=zygote) as grader:
        return grader.grade(exercise, submission, profile)


def _write_gradescope(report: Report, path: Path) -> None:
    from dlprep.grader.gradescope import write_results_json

    try:
        write_results_json(report, path)
    except OSError as error:
        raise InputError(f"{path}: cannot write the Gradescope results: {error.strerror}") from None

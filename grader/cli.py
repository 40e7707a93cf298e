"""The `dlprep grade` and `dlprep grade-batch` commands.

    dlprep grade EXERCISE FILE [--json] [--gradescope OUT] [--exercises DIR] [--profile quick|full] [--data-dir D]
    dlprep grade-batch EXERCISE DIR --jobs N --out OUT [--exercises DIR] [--profile P] [--data-dir D]

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
    EXIT_GRADER_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    positive_int,
    stderr_console,
)
from dlprep.env import DATA_ENV, env_path
from dlprep.grader.backend import BACKENDS
from dlprep.grader.errors import InputError, SandboxError
from dlprep.grader.profiles import PROFILE_NAMES
from dlprep.grader.sanitize import clean_text

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
        "--gradescope", metavar="OUT", type=Path, help="also write Gradescope's results.json to OUT"
    )
    _add_common(grade)
    grade.set_defaults(func=run_grade)
    batch = subparsers.add_parser(
        "grade-batch", help="grade a directory of submissions (resumable)"
    )
    batch.add_argument("exercise", metavar="EXERCISE", help="exercise id")
    batch.add_argument(
        "directory",
        metavar="DIR",
        type=Path,
        help="one .py file per student, or one folder per student",
    )
    batch.add_argument(
        "--jobs",
        type=positive_int,
        default=None,
        metavar="N",
        help="parallel graders (default: 1 locally, one per CPU of a Ray cluster)",
    )
    batch.add_argument(
        "--backend",
        choices=BACKENDS,
        default="local",
        help="local worker processes, or Ray actors across a cluster (pip install 'dlprep[ray]')",
    )
    batch.add_argument(
        "--address",
        metavar="ADDR",
        help="--backend ray: the cluster to join, e.g. 10.0.0.5:6379 (default: $RAY_ADDRESS, "
        "else a Ray started on this machine)",
    )
    batch.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="OUT",
        help="directory for gradebook.csv, summary.md and reports/<name>.json",
    )
    _add_common(batch)
    batch.set_defaults(func=run_grade_batch)


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--exercises", type=Path, metavar="DIR", help="an extra exercise folder or pack"
    )
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


def run_grade(args: argparse.Namespace) -> int:
    from dlprep.grader.submission import read_submission
    from dlprep.grader.zygote import ZygoteClient

    errors = stderr_console()
    try:
        exercise = load_exercise(args.exercise, args.exercises)
        submission = read_submission(args.file)
        data_root = data_root_from(args.data_dir)
        zygote = ZygoteClient(data_root)  # boots while this process imports torch below
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

        print_report(report, Console(highlight=False), submission.filename)
    return EXIT_OK if report.passed else EXIT_FAILED


def run_grade_batch(args: argparse.Namespace) -> int:
    from dlprep.grader.batch import BatchOptions, grade_batch

    errors = stderr_console()
    try:
        exercise = load_exercise(args.exercise, args.exercises)
        options = BatchOptions(
            exercise.id,
            args.exercises,
            args.profile,
            data_root_from(args.data_dir),
            args.jobs,
            exercise.entry,
            backend=args.backend,
            address=args.address,
        )
        summary = grade_batch(options, args.directory, args.out, errors)
    except (InputError, SandboxError) as error:
        errors.print(f"error: {error}", markup=False)
        return EXIT_USAGE
    for name, problem in summary.problems.items():
        errors.print(clean_text(f"{name}: not graded: {problem}", 400), markup=False)
    errors.print(
        f"{summary.graded} graded, {summary.skipped} unchanged and skipped, {len(summary.problems)} "
        f"not graded; reports and gradebook.csv in {args.out}",
        markup=False,
    )
    if summary.grader_errors:
        errors.print(
            f"{summary.grader_errors} entries are grader errors (see gradebook.csv)", markup=False
        )
        return EXIT_GRADER_ERROR
    return EXIT_OK if summary.all_passed else EXIT_FAILED


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

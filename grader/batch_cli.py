"""The `dlprep grade-batch` command: a class of submissions into a gradebook and a summary.

    dlprep grade-batch EXERCISE DIR --out OUT [--jobs N] [--backend local|ray] [--address ADDR]
        [--regrade OUT] [--lms-csv FILE [--lms-columns MAP]] [--similarity] [--exercises DIR] [--profile P] [--data-dir D]
        [--device auto|cpu|cuda]

`--device`: locally it is resolved here once (cuda without a GPU: exit 2 before any worker
starts); on Ray each node resolves `auto` for itself, and `cuda` asks Ray for GPUs (ray_pool).

Writes OUT/reports/<name>.json, OUT/gradebook.csv, OUT/summary.json and OUT/summary.md, and
prints the class's item analysis. Exit status: 0 every submission passed every test, 1 some did
not, 2 a usage or input error, 3 some rows are grader errors rather than verdicts.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from dlprep.console import (
    EXIT_FAILED,
    EXIT_GRADER_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    positive_int,
    stderr_console,
    stdout_console,
)
from dlprep.grader.backend import BACKENDS
from dlprep.grader.errors import InputError, SandboxError
from dlprep.grader.sanitize import clean_text

if TYPE_CHECKING:
    from rich.console import Console

    from dlprep.exercises.registry import Exercise
    from dlprep.grader.batch import BatchSummary


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `grade-batch` to the dlprep command."""
    from dlprep.grader.cli import add_common

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
        "--out",
        type=Path,
        metavar="OUT",
        help="directory for gradebook.csv, summary.md and reports/<name>.json",
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
        "--regrade",
        type=Path,
        metavar="OUT",
        help="grade every submission again into OUT and list each verdict that changed, and why",
    )
    batch.add_argument(
        "--lms-csv",
        type=Path,
        metavar="FILE",
        help="also write FILE: student, score, max score, for an LMS gradebook import",
    )
    batch.add_argument(
        "--lms-columns",
        metavar="MAP",
        help='the LMS file\'s column names, e.g. "student=Student ID,score=Points,max=Max"',
    )
    batch.add_argument(
        "--similarity",
        action="store_true",
        help="also rank similar submissions (dlprep similarity) into OUT and summary.md",
    )
    batch.add_argument(
        "--allow-degraded",
        action="store_true",
        help="grade even if only the degraded sandbox (no isolation) works: trusted code only",
    )
    add_common(batch)
    batch.set_defaults(func=run_grade_batch)


def run_grade_batch(args: argparse.Namespace) -> int:
    from dlprep.grader.batch import BatchOptions, grade_batch
    from dlprep.grader.cli import data_root_from, load_exercise
    from dlprep.grader.lms import parse_columns
    from dlprep.grader.sandbox_policy import batch_mode

    errors = stderr_console()
    out: Path | None = args.regrade or args.out
    try:
        if out is None:
            raise InputError("grade-batch needs --out OUT (or --regrade OUT)")
        if args.regrade and args.out and args.out != args.regrade:
            raise InputError("--regrade OUT is the output folder: give it or --out, not both")
        exercise = load_exercise(args.exercise, args.exercises)
        columns = parse_columns(args.lms_columns)
        options = BatchOptions(
            exercise.id,
            args.exercises,
            args.profile,
            data_root_from(args.data_dir),
            args.jobs,
            exercise.entry,
            mode=batch_mode(args.allow_degraded, local=args.backend == "local"),
            backend=args.backend,
            address=args.address,
            device=_batch_device(args.device, args.backend),
        )
        before = _stored(out, exercise.id, args.profile) if args.regrade else None
        summary = grade_batch(options, args.directory, out, errors, regrade=bool(args.regrade))
        if before is not None:
            _list_changes(before, summary, out, stdout_console())
        if args.lms_csv:
            _write_lms(summary, args.lms_csv, columns)
        if args.similarity:
            _similarity(exercise, args.directory, out)
        _summarise(exercise, summary, out, stdout_console())
    except (InputError, SandboxError) as error:
        errors.print(f"error: {error}", markup=False)
        return EXIT_USAGE
    return _conclude(summary, out, errors)


def _batch_device(requested: str, backend: str) -> str:
    """The device the workers get: resolved here for local workers (same machine), else as asked."""
    from dlprep.grader.devices import resolve_device

    return resolve_device(requested) if backend == "local" else requested


def _stored(
    out: Path, exercise_id: str, profile: str
) -> tuple[dict[str, dict[str, object]], dict[str, str]]:
    """The reports and source hashes in OUT before a regrade."""
    from dlprep.grader.batch_files import BatchFiles
    from dlprep.grader.report import ReportFormatError

    files = BatchFiles(out, exercise_id, profile)
    reports: dict[str, dict[str, object]] = {}
    for name in files.hashes():
        try:
            reports[name] = files.read_report(name)[1]
        except (OSError, ValueError, ReportFormatError):
            continue
    return reports, dict(files.hashes())


def _list_changes(
    before: tuple[dict[str, dict[str, object]], dict[str, str]],
    summary: BatchSummary,
    out: Path,
    console: Console,
) -> None:
    """Print and write OUT/regrade.json: every verdict the regrade changed, and why."""
    import json

    from dlprep.grader.batch_files import BatchFiles, write_atomically
    from dlprep.grader.regrade import changed_verdicts, changes_table

    old_reports, old_hashes = before
    new_hashes = BatchFiles(out, summary.exercise, summary.profile).hashes()
    sources = {name for name, digest in new_hashes.items() if old_hashes.get(name) != digest}
    changes = changed_verdicts(old_reports, summary.reports, sources)
    write_atomically(out / "regrade.json", json.dumps(changes, indent=2, ensure_ascii=False) + "\n")
    if changes:
        console.print(changes_table(changes))
    console.print(f"{len(changes)} verdicts changed (regrade.json in {out})", markup=False)


def _write_lms(summary: BatchSummary, path: Path, columns: dict[str, str]) -> None:
    from dlprep.grader.lms import write_lms_csv
    from dlprep.grader.report import Report

    reports = {name: Report.from_dict(data) for name, data in summary.reports.items()}
    write_lms_csv(path, summary.names, reports, columns)


def _summarise(exercise: Exercise, summary: BatchSummary, out: Path, console: Console) -> None:
    from dlprep.grader.batch_summary import write_summary

    class_summary = write_summary(out, exercise, summary.reports, summary.problems)
    console.print(class_summary.table())


def _similarity(exercise: Exercise, directory: Path, out: Path) -> None:
    import json

    from dlprep.grader.similarity import REPORT_JSON, REPORT_MD, find_similar
    from dlprep.grader.similarity_cli import GRADEBOOK, flag_gradebook

    result = find_similar(exercise, directory, out=out)
    data = result.to_dict()
    (out / REPORT_JSON).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")
    (out / REPORT_MD).write_text(result.to_markdown(), "utf-8")
    flag_gradebook(out / GRADEBOOK, data["flagged"])


def _conclude(summary: BatchSummary, out: Path, errors: Console) -> int:
    for name, problem in summary.problems.items():
        errors.print(clean_text(f"{name}: not graded: {problem}", 400), markup=False)
    retried = f"; {summary.retried} retried after a lost worker" if summary.retried else ""
    errors.print(
        f"{summary.graded} graded, {summary.skipped} unchanged and skipped, "
        f"{len(summary.problems)} not graded{retried}; gradebook.csv, summary.md and reports/ "
        f"in {out}",
        markup=False,
    )
    if summary.grader_errors:
        errors.print(
            f"{summary.grader_errors} entries are grader errors (see gradebook.csv)", markup=False
        )
        return EXIT_GRADER_ERROR
    return EXIT_OK if summary.all_passed else EXIT_FAILED

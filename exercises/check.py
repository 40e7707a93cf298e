"""`dlprep exercises check [DIR] [--id ID ...] [--seeds N] [--json]`: prove an exercise pack.

For every exercise of DIR (default: the built-in pack): the static checks of
`dlprep.exercises.findings`, then the grading proof of `dlprep.grader.proof` (reference
passes, also under N more seed offsets; each wrong version fails a test; each test fails on
some wrong version; each test is described). An exercise that does not load is reported
with file and line and the others are still checked. Exit 0 only when every check holds.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.table import Table
from rich.text import Text

from dlprep.console import EXIT_FAILED, EXIT_OK, EXIT_USAGE, stderr_console, stdout_console
from dlprep.exercises.findings import (
    Finding,
    failed,
    from_error,
    static_findings,
    wrong_syntax_findings,
)
from dlprep.exercises.registry import Exercise, builtin_dir, load_pack


def register(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = actions.add_parser(
        "check", help="prove a pack: reference passes, wrong versions fail, every test can fail"
    )
    check.add_argument(
        "directory", nargs="?", type=Path, metavar="DIR", help="a pack or exercise folder"
    )
    check.add_argument(
        "--id", action="append", dest="ids", metavar="ID", help="only this exercise (repeatable)"
    )
    check.add_argument(
        "--seeds",
        type=int,
        default=5,
        metavar="N",
        help="grade the reference again under N more seed offsets (default 5)",
    )
    check.add_argument("--json", action="store_true", help="print the findings as JSON")
    check.set_defaults(func=run_check)


def run_check(args: argparse.Namespace) -> int:
    directory = args.directory or builtin_dir()
    if not directory.is_dir():
        stderr_console().print(f"{directory}: not a directory", markup=False)
        return EXIT_USAGE
    exercises, errors = load_pack(directory)
    if args.ids:
        unknown = set(args.ids) - {exercise.id for exercise in exercises}
        errors = [error for error in errors if _error_exercise(error.path) in set(args.ids)]
        if unknown - {_error_exercise(error.path) for error in errors}:
            stderr_console().print(f"unknown exercise(s): {', '.join(sorted(unknown))}")
            return EXIT_USAGE
        exercises = [exercise for exercise in exercises if exercise.id in args.ids]
    findings = [from_error(_error_exercise(error.path), error) for error in errors]
    findings += prove_all(exercises, max(args.seeds, 0), quiet=args.json)
    if args.json:
        summary = {
            "ok": not failed(findings),
            "exercises": [exercise.id for exercise in exercises],
            "findings": [finding.to_dict() for finding in findings],
        }
        sys.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
    else:
        stdout_console().print(findings_table(findings))
    return EXIT_FAILED if failed(findings) else EXIT_OK


def prove_all(exercises: list[Exercise], seeds: int, quiet: bool = False) -> list[Finding]:
    """Static and grading findings of every exercise, with one warm grader for all of them."""
    card_ids = _card_ids()
    findings: list[Finding] = []
    provable = []
    for exercise in exercises:
        static = static_findings(exercise, card_ids) + wrong_syntax_findings(exercise)
        findings += static
        if not any(not f.ok and f.check == "hidden tests" for f in static):
            provable.append(exercise)
    if provable:
        findings += _grade_all(provable, seeds, quiet)
    order = {exercise.id: index for index, exercise in enumerate(exercises)}
    return sorted(findings, key=lambda finding: order.get(finding.exercise, -1))


def _grade_all(exercises: list[Exercise], seeds: int, quiet: bool) -> list[Finding]:
    from dlprep.grader.grading import Grader, prepare_grading_process
    from dlprep.grader.proof import prove_exercise

    prepare_grading_process()
    console = stderr_console()
    findings: list[Finding] = []
    with Grader() as grader, console.status("Proving…") as status:
        for exercise in exercises:
            findings += prove_exercise(
                grader,
                exercise,
                seeds,
                progress=None if quiet else lambda text: status.update(f"Proving {text}…"),
            )
    return findings


def findings_table(findings: list[Finding]) -> Table:
    """One row per failed finding, one per check that holds."""
    table = Table("exercise", "check", "result", "where", "detail")
    for finding in findings:
        result = Text("ok", style="green") if finding.ok else Text("FAIL", style="bold red")
        table.add_row(finding.exercise, finding.check, result, finding.where(), finding.message)
    return table


def _card_ids() -> set[str]:
    from dlprep.concepts.decks import load_decks

    return {card.id for deck in load_decks().decks for card in deck.cards}


def _error_exercise(path: Path) -> str:
    """The exercise an error belongs to: the folder holding the file (or the folder itself)."""
    return path.parent.name if path.suffix or path.name == "hidden" else path.name

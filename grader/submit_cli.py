"""`dlprep submit EXERCISE FILE`: grade like `dlprep grade`, then record it in the learner's store.

The attempt (code, report), the failed tests' concept cards made due today, and the FSRS
rating of the exercise (the suggested one, or `--rating 1-4`) go to the same store the TUI
uses. `dlprep grade` stays side-effect free for instructors. Exit status as `dlprep grade`.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import timedelta
from pathlib import Path

from rich.console import Console

from dlprep.console import EXIT_FAILED, EXIT_OK, EXIT_USAGE, stderr_console
from dlprep.grader.errors import InputError, SandboxError

RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    submit = subparsers.add_parser(
        "submit", help="grade a submission and record the attempt and its rating in your store"
    )
    submit.add_argument("exercise", metavar="EXERCISE", help="exercise id, e.g. dropout_layer")
    submit.add_argument("file", metavar="FILE", type=Path, help="your solution (one Python file)")
    submit.add_argument("--json", action="store_true", help="print the report as one JSON object")
    submit.add_argument(
        "--rating", type=int, choices=(1, 2, 3, 4), help="rate the exercise yourself (1-4)"
    )
    submit.add_argument(
        "--exercises", type=Path, metavar="DIR", help="an extra exercise folder or pack"
    )
    from dlprep.grader.cli import add_device

    add_device(submit)
    submit.set_defaults(func=run_submit)


def run_submit(args: argparse.Namespace) -> int:
    from dlprep.grader.cli import _grade, data_root_from, load_exercise
    from dlprep.grader.devices import resolve_device
    from dlprep.grader.submission import read_submission
    from dlprep.grader.zygote import ZygoteClient

    errors = stderr_console()
    try:
        exercise = load_exercise(args.exercise, args.exercises)
        submission = read_submission(args.file)
        device = resolve_device(args.device)  # DeviceUnavailable (exit 2) for cuda without a GPU
        zygote = ZygoteClient(data_root_from(None), device=device)
        with errors.status(f"Grading {args.file.name} ({exercise.id})…"):
            report = _grade(zygote, exercise, submission, "quick")
    except (InputError, SandboxError) as error:
        errors.print(f"error: {error}", markup=False)
        return EXIT_USAGE
    report_dict = report.to_dict()
    try:
        note = _record(exercise.id, exercise.concepts, submission.source, report_dict, args.rating)
    except Exception as error:  # StoreError: the grade stands, the learner is told
        errors.print(f"dlprep: the attempt was not recorded: {error}", markup=False)
        return EXIT_FAILED
    if args.json:
        sys.stdout.write(json.dumps(report_dict, ensure_ascii=False) + "\n")
    else:
        from dlprep.grader.render import print_report

        print_report(report, Console(highlight=False), submission.filename)
    errors.print(note, markup=False)
    return EXIT_OK if report.passed else EXIT_FAILED


def _record(
    exercise_id: str,
    concepts: tuple[str, ...],
    source: str,
    report: dict[str, object],
    rating: int | None,
) -> str:
    from fsrs import Rating

    from dlprep.concepts.decks import load_decks
    from dlprep.concepts.exercise_schedule import ExerciseSchedule, failed_concepts
    from dlprep.concepts.session import StudySession
    from dlprep.concepts.store import Store

    with Store.open() as store:
        session = StudySession(store, load_decks(None).decks, store.load_settings())
        schedule = ExerciseSchedule(session)
        finished = session.now()
        duration = report.get("duration_s")
        seconds = float(duration) if isinstance(duration, (int, float)) else 0.0
        attempt = schedule.record_attempt(
            exercise_id, source, report, finished - timedelta(seconds=seconds), finished
        )
        failed = failed_concepts(report, concepts)
        due = schedule.mark_due_today(card for cards in failed.values() for card in cards)
        chosen = Rating(rating) if rating is not None else schedule.suggested_rating(attempt)
        schedule.commit_rating(attempt, chosen)
        state = store.card_record(f"exercise:{exercise_id}").fsrs_card
    lines = [f"recorded: attempt {attempt.id}, rated {RATING_NAMES[int(chosen)]}"]
    if state is not None:
        lines.append(f"next review of {exercise_id}: {state.due.astimezone():%Y-%m-%d %H:%M}")
    lines += [f"card {card} is due again" for card in due]
    return "\n".join(lines)

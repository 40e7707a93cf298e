"""The `dlprep exercises list|show|starter|check` commands: they only read exercise folders (no torch).

Exit status: 0 ok, 1 some exercise folder is broken (the others are still listed), 2 usage or
input error (unknown id). `dlprep reference` is the grader's (grader/reference_cli.py).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from rich.markdown import Markdown
from rich.table import Table

from dlprep.concepts.model import TEXT_LANGUAGES
from dlprep.console import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    print_usage,
    stderr_console,
    stdout_console,
)
from dlprep.exercises.registry import (
    Exercise,
    ExerciseError,
    get_exercise,
    load_exercises,
)

EXERCISES_HELP = "also load the exercise folder(s) in DIR (an instructor pack)"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `exercises list|show|starter` to the dlprep command."""
    exercises = subparsers.add_parser(
        "exercises", help="list exercises, show a prompt or a starter file"
    )
    exercises.set_defaults(func=lambda args: print_usage(exercises))
    actions = exercises.add_subparsers(dest="exercises_command", metavar="ACTION")
    listing = actions.add_parser("list", help="every exercise (a table, or JSON with --json)")
    listing.add_argument("--json", action="store_true", help="print a JSON list of exercises")
    show = actions.add_parser("show", help="the task of an exercise (Markdown)")
    show.add_argument("exercise_id", metavar="ID")
    show.add_argument(
        "--lang", choices=TEXT_LANGUAGES, default="en", help="prompt language (default en)"
    )
    starter = actions.add_parser("starter", help="print the starter file of an exercise")
    starter.add_argument("exercise_id", metavar="ID")
    for action, handler in ((listing, run_list), (show, run_show), (starter, run_starter)):
        action.add_argument("--exercises", type=Path, metavar="DIR", help=EXERCISES_HELP)
        action.set_defaults(func=handler)
    from dlprep.exercises import check

    check.register(actions)


def run_list(args: argparse.Namespace) -> int:
    exercises, errors = load_exercises(extra_dirs(args))
    if args.json:
        print(
            json.dumps(
                [exercise_to_json(exercise) for exercise in exercises], ensure_ascii=False, indent=2
            )
        )
    else:
        stdout_console().print(_table(exercises))
    for error in errors:
        stderr_console().print(str(error), markup=False)
    return EXIT_FAILED if errors else EXIT_OK


def run_show(args: argparse.Namespace) -> int:
    exercise = exercise_or_none(args)
    if exercise is None:
        return EXIT_USAGE
    prompt = (
        exercise.prompt(args.lang).rstrip("\n") + "\n" + linked_cards_markdown(exercise, args.lang)
    )
    if sys.stdout.isatty():
        stdout_console().print(Markdown(prompt))
    else:
        sys.stdout.write(prompt)
    return EXIT_OK


def run_starter(args: argparse.Namespace) -> int:
    exercise = exercise_or_none(args)
    if exercise is None:
        return EXIT_USAGE
    sys.stdout.write(exercise.starter_path.read_text(encoding="utf-8"))
    return EXIT_OK


def linked_cards_markdown(exercise: Exercise, lang: str) -> str:
    """A Markdown section listing the cards the exercise practises (both directions of links)."""
    from dlprep.concepts.decks import load_decks

    cards = [card for deck in load_decks().decks for card in deck.cards]
    linked = [
        card for card in cards if card.id in exercise.concepts or exercise.id in card.exercises
    ]
    if not linked:
        return ""
    heading = "相关卡片" if lang == "zh" else "Linked cards"
    lines = [f"\n## {heading}\n"]
    for card in linked:
        question = " ".join(card.front_markdown(lang).split())
        lines.append(f"* `{card.id}` — {question[:120]}")
    return "\n".join(lines) + "\n"


def exercise_to_json(exercise: Exercise) -> dict[str, object]:
    """The listing fields of an exercise as plain JSON data."""
    return {
        "id": exercise.id,
        "title": {"en": exercise.title.en, "zh": exercise.title.zh},
        "kind": exercise.kind,
        "entry": exercise.entry,
        "signature": exercise.signature,
        "tags": list(exercise.tags),
        "concepts": list(exercise.concepts),
        "difficulty": exercise.difficulty,
        "limits": asdict(exercise.limits),
        "forbid": list(exercise.forbid),
        "path": str(exercise.path),
    }


def _table(exercises: list[Exercise]) -> Table:
    table = Table("id", "kind", "difficulty", "title")
    for exercise in exercises:
        table.add_row(exercise.id, exercise.kind, str(exercise.difficulty), exercise.title.en)
    return table


def exercise_or_none(args: argparse.Namespace) -> Exercise | None:
    """The exercise named on the command line, or None after printing why it cannot be loaded."""
    try:
        return get_exercise(args.exercise_id, extra_dirs(args))
    except ExerciseError as error:
        stderr_console().print(str(error), markup=False)
        return None


def extra_dirs(args: argparse.Namespace) -> list[Path]:
    return [args.exercises] if args.exercises is not None else []

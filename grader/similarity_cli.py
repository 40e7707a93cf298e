"""The `dlprep similarity` command: rank a class's submissions by similarity (copydetect).

    dlprep similarity EXERCISE DIR [--against DIR ...] [--out OUT] [--threshold T] [--json]

Writes OUT/similarity.html (matching regions side by side), OUT/similarity.json and
OUT/similarity.md (the top pairs), and when OUT is a `grade-batch` output folder, adds a
`similar_to` column to its gradebook.csv for students at or above the threshold. Exit status 0,
or 2 for a usage or input error. Nothing heavy is imported until the command runs.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from rich.table import Table
from rich.text import Text

from dlprep.console import EXIT_OK, EXIT_USAGE, stderr_console, stdout_console
from dlprep.grader.sanitize import clean_text

GRADEBOOK = "gradebook.csv"
FLAG_COLUMN = "similar_to"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `similarity` to the dlprep command."""
    parser = subparsers.add_parser(
        "similarity", help="rank pairs of submissions by similarity (copydetect, MOSS-style)"
    )
    parser.add_argument("exercise", metavar="EXERCISE", help="exercise id")
    parser.add_argument("directory", metavar="DIR", type=Path, help="the class's submissions")
    parser.add_argument(
        "--against",
        metavar="DIR",
        type=Path,
        action="append",
        default=[],
        help="also compare with the .py files of DIR (public solutions); repeatable",
    )
    parser.add_argument(
        "--out",
        metavar="OUT",
        type=Path,
        help="where the reports go (default: similarity-EXERCISE); a grade-batch OUT gets flags",
    )
    parser.add_argument(
        "--threshold",
        type=_share,
        default=0.8,
        metavar="T",
        help="flag students whose most similar pair reaches T (0-1, default 0.8)",
    )
    parser.add_argument("--top", type=int, default=15, metavar="N", help="pairs to print")
    parser.add_argument("--json", action="store_true", help="print similarity.json to stdout")
    parser.add_argument("--exercises", metavar="DIR", type=Path, help="an instructor's pack")
    parser.set_defaults(func=run_similarity)


def run_similarity(args: argparse.Namespace) -> int:
    from dlprep.exercises.registry import ExerciseError, get_exercise
    from dlprep.grader.errors import InputError
    from dlprep.grader.similarity import REPORT_JSON, REPORT_MD, find_similar

    out: Path = args.out or Path(f"similarity-{args.exercise}")
    try:
        exercise = get_exercise(args.exercise, [args.exercises] if args.exercises else [])
        result = find_similar(
            exercise, args.directory, against=args.against, out=out, threshold=args.threshold
        )
    except (ExerciseError, InputError) as error:
        stderr_console().print(f"dlprep similarity: {error}", markup=False)
        return EXIT_USAGE
    data = result.to_dict()
    (out / REPORT_JSON).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")
    (out / REPORT_MD).write_text(result.to_markdown(args.top), "utf-8")
    flagged = flag_gradebook(out / GRADEBOOK, data["flagged"])
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    console = stdout_console()
    table = Table("#", "a", "b", "kind", "similarity", title=f"similarity: {exercise.id}")
    for rank, pair in enumerate(result.pairs[: args.top], start=1):
        style = "bold red" if pair.similarity >= args.threshold else ""
        names = (Text(clean_text(pair.a, 200)), Text(clean_text(pair.b, 200)))  # never markup
        table.add_row(str(rank), *names, pair.kind, f"{pair.similarity:.2f}", style=style)
    console.print(table)
    console.print(
        f"{len(data['flagged'])} of {result.submissions} flagged at {args.threshold:.2f}; "
        f"reports in {out}" + (f"; {GRADEBOOK} has a {FLAG_COLUMN} column" if flagged else ""),
        markup=False,
    )
    return EXIT_OK


def flag_gradebook(path: Path, flags: dict[str, str]) -> bool:
    """Add (or refresh) the `similar_to` column of a grade-batch gradebook; False if none exists.

    Flags are "0.93 other-name" built from safe names (similarity.safe_name), so a cell never
    starts with a spreadsheet formula character.
    """
    from dlprep.grader.similarity import safe_name

    if not path.is_file():
        return False
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    if not rows:
        return False
    header, body = rows[0], rows[1:]
    if FLAG_COLUMN in header:
        column = header.index(FLAG_COLUMN)
        header, body = _drop(header, column), [_drop(row, column) for row in body]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*header, FLAG_COLUMN])
        for row in body:
            name = row[0] if row else ""
            writer.writerow([*row, flags.get(safe_name(name), "")])
    return True


def _drop(row: list[str], column: int) -> list[str]:
    return row[:column] + row[column + 1 :]


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 1, got {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 1, got {text!r}")
    return value

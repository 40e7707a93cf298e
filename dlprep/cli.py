"""The `dlprep` command: parses arguments and dispatches to each area's subcommands.

Each area (concepts, exercises, grader) owns a `cli` module with a `register(subparsers)`
function that adds its subcommands; every subcommand sets `func(args) -> int` as its handler.
Those modules import nothing heavy at import time (never torch), so `dlprep --version`
and the TUI start fast. With no subcommand, `dlprep` opens the TUI.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from dlprep import __version__
from dlprep.concepts.sources import add_source_options
from dlprep.console import EXIT_OK

_AREA_CLI_MODULES = (
    "dlprep.concepts.cli",
    "dlprep.concepts.optimize_cli",
    "dlprep.concepts.interop_cli",
    "dlprep.exercises.cli",
    "dlprep.grader.cli",
    "dlprep.grader.similarity_cli",
    "dlprep.grader.reference_cli",
)
# The area module that registers each subcommand: `dlprep COMMAND ...` imports only that one
# (a cold `dlprep grade-batch` need not import the card store, Markdown, Anki...); anything
# else (`dlprep --help`, options first, a typo) builds the whole parser. tests/test_cli.py
# checks that this table names every subcommand and the module that really registers it.
COMMAND_MODULES = {
    "cards": "dlprep.concepts.cli",
    "stats": "dlprep.concepts.cli",
    "config": "dlprep.concepts.cli",
    "optimize": "dlprep.concepts.optimize_cli",
    "export": "dlprep.concepts.interop_cli",
    "import": "dlprep.concepts.interop_cli",
    "exercises": "dlprep.exercises.cli",
    "grade": "dlprep.grader.cli",
    "grade-batch": "dlprep.grader.cli",
    "submit": "dlprep.grader.cli",
    "similarity": "dlprep.grader.similarity_cli",
    "reference": "dlprep.grader.reference_cli",
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The `dlprep` parser; `only` (a command of `COMMAND_MODULES`): just that command's area."""
    parser = argparse.ArgumentParser(
        prog="dlprep",
        description="Study deep learning in the terminal: spaced-repetition cards and graded PyTorch exercises.",
    )
    parser.add_argument("--version", action="version", version=f"dlprep {__version__}")
    add_source_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    tui = subparsers.add_parser("tui", help="open the study app (the default)")
    add_source_options(tui)
    tui.set_defaults(func=_run_tui)
    modules = (COMMAND_MODULES[only],) if only in COMMAND_MODULES else _AREA_CLI_MODULES
    for module_name in modules:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        module.register(subparsers)
    return parser


def _run_tui(args: argparse.Namespace) -> int:
    from dlprep.tui.app import run_app

    return run_app(getattr(args, "decks", []), getattr(args, "pack", []))


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(words[0] if words else None)
    args = parser.parse_args(words)
    handler = getattr(args, "func", _run_tui)
    try:
        return int(handler(args) or EXIT_OK)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

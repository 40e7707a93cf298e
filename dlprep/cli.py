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


def build_parser() -> argparse.ArgumentParser:
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
    for module_name in _AREA_CLI_MODULES:
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
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "func", _run_tui)
    try:
        return int(handler(args) or EXIT_OK)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

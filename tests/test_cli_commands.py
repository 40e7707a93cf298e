"""`dlprep COMMAND` builds only COMMAND's part of the parser: the table behind it must stay true."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from dlprep.cli import COMMAND_MODULES, build_parser


def _commands(parser: argparse.ArgumentParser) -> set[str]:
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return set(actions[0].choices)


def test_the_table_names_every_subcommand() -> None:
    assert _commands(build_parser()) == {"tui", *COMMAND_MODULES}


@pytest.mark.parametrize("command", sorted(COMMAND_MODULES))
def test_each_command_is_registered_by_its_module_alone(command: str) -> None:
    assert command in _commands(build_parser(command))


def test_a_grade_batch_parser_does_not_import_the_card_store() -> None:
    code = (
        "import sys\nfrom dlprep.cli import build_parser\nbuild_parser('grade-batch')\n"
        "print('dlprep.concepts.store' in sys.modules, 'torch' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False"]


def test_options_before_the_command_still_parse() -> None:
    args = build_parser("--decks").parse_args(["--decks", "x", "cards", "list"])
    assert args.command == "cards"

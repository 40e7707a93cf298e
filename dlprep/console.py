"""What every dlprep subcommand shares: its exit statuses and its rich consoles.

Exit status (../shared/DESIGN.md, Grader/Outputs; docs/grader-api.md): 0 all good, 1 something failed (a test, a deck),
2 usage or input error.
"""

from __future__ import annotations

import argparse
import sys

from rich.console import Console

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# grade-batch finished, but some rows are the grader's own errors, not verdicts (gradebook: problem).
EXIT_GRADER_ERROR = 3


def positive_int(text: str) -> int:
    """argparse type of a count (`--jobs N`, `--seeds N`): a whole number of at least 1.

    Anything else is a usage error naming the text, e.g. "expected a positive integer, got 'x'".
    """
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def stdout_console() -> Console:
    """Plain output: no syntax highlighting of numbers or paths, lines never cut."""
    return Console(highlight=False, soft_wrap=True)


def stderr_console() -> Console:
    """Messages and errors, on standard error."""
    return Console(stderr=True, highlight=False, soft_wrap=True)


def print_usage(parser: argparse.ArgumentParser) -> int:
    """A command group called without a subcommand: show its help and report a usage error."""
    parser.print_help(sys.stderr)
    return EXIT_USAGE

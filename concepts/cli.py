"""The `dlprep cards check`, `dlprep cards list` and `dlprep stats` commands (`cards suspended`
and `cards unsuspend` are in suspend_cli.py).

Without PATHs they read the decks the TUI studies (built-in, the learner's own in
`<DLPREP_HOME>/decks/`, `--decks`, `--pack`, DLPREP_DECKS, DLPREP_PACKS: concepts/sources.py);
PATHs replace all of those. `cards check` and `cards list` only read deck files and never
touch the database; `stats` opens an existing database read-only (and reports zeros when there
is none yet). Exit status: 0 ok, 1 a deck or the store has a problem, 2 a usage or input error such as a path that does not exist.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from dlprep.concepts import config_cli, suspend_cli
from dlprep.concepts.decks import DeckLoadResult, load_decks
from dlprep.concepts.model import Card, card_to_json
from dlprep.concepts.session import StudySession
from dlprep.concepts.sources import add_source_options, deck_paths_of
from dlprep.concepts.stats import collect_stats
from dlprep.concepts.store import Store, StoreError
from dlprep.console import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    print_usage,
    stderr_console,
    stdout_console,
)
from dlprep.paths import database_path

FRONT_PREVIEW_CHARS = 60
PATHS_HELP = (
    "deck files or directories of *.yaml decks (default: the decks the app studies: built-in,"
    " your own, --decks, --pack, DLPREP_DECKS, DLPREP_PACKS)"
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `cards check|list|suspended|unsuspend` and `stats` to the dlprep command."""
    cards = subparsers.add_parser("cards", help="check, list and unsuspend concept cards")
    cards.set_defaults(func=lambda args: print_usage(cards))
    actions = cards.add_subparsers(dest="cards_command", metavar="ACTION")
    check = actions.add_parser(
        "check", help="validate deck files; prints file:line: field: problem"
    )
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH", help=PATHS_HELP)
    add_source_options(check)
    check.set_defaults(func=run_check)
    listing = actions.add_parser("list", help="list every card (a table, or JSON with --json)")
    listing.add_argument("paths", nargs="*", type=Path, metavar="PATH", help=PATHS_HELP)
    add_source_options(listing)
    listing.add_argument("--deck", metavar="DECK_ID", help="only the cards of this deck")
    listing.add_argument("--json", action="store_true", help="print a JSON list of cards")
    listing.set_defaults(func=run_list)
    suspend_cli.register(actions, PATHS_HELP)
    stats = subparsers.add_parser(
        "stats", help="today's reviews, due and new cards, streak, retention"
    )
    stats.add_argument("paths", nargs="*", type=Path, metavar="PATH", help=PATHS_HELP)
    add_source_options(stats)
    stats.add_argument("--json", action="store_true", help="print the figures as a JSON object")
    stats.set_defaults(func=run_stats)
    config_cli.register(subparsers)


def _missing_paths(paths: list[Path]) -> list[Path]:
    return [path for path in paths if not path.exists()]


def _report_problems(result: DeckLoadResult, console: Console) -> None:
    for problem in result.problems:
        console.print(str(problem), markup=False)


def run_check(args: argparse.Namespace) -> int:
    """Validate every deck; print each problem as `file:line: field: message`."""
    result = load_decks(deck_paths_of(args, args.paths))
    out = stdout_console()
    _report_problems(result, out)
    cards = sum(len(deck.cards) for deck in result.decks)
    summary = f"{len(result.decks)} deck(s) valid ({cards} cards), {len(result.skipped)} file(s) with problems"
    out.print(f"[bold]{summary}[/]" if not result.problems else f"[bold red]{summary}[/]")
    if _missing_paths(args.paths):
        return EXIT_USAGE
    return EXIT_FAILED if result.problems else EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    """Print the cards of the decks that load (problems go to stderr)."""
    result = load_decks(deck_paths_of(args, args.paths))
    _report_problems(result, stderr_console())
    decks = result.decks
    if args.deck is not None:
        decks = [deck for deck in decks if deck.id == args.deck]
        if not decks:
            known = ", ".join(deck.id for deck in result.decks) or "none"
            stderr_console().print(f"no deck with id {args.deck!r} (decks: {known})", markup=False)
            return EXIT_USAGE
    cards = [card for deck in decks for card in deck.cards]
    if args.json:
        print(json.dumps([card_to_json(card) for card in cards], ensure_ascii=False, indent=2))
    else:
        stdout_console().print(_cards_table(cards))
    if _missing_paths(args.paths):
        return EXIT_USAGE
    return EXIT_FAILED if result.problems else EXIT_OK


def _cards_table(cards: list[Card]) -> Table:
    table = Table(title=f"{len(cards)} cards")
    for column in ("deck", "id", "type"):
        table.add_column(column, no_wrap=True)
    table.add_column("tags")
    table.add_column("front (en)")
    for card in cards:
        front = " ".join(card.front.en.split())
        short = (
            front if len(front) <= FRONT_PREVIEW_CHARS else front[: FRONT_PREVIEW_CHARS - 1] + "…"
        )
        table.add_row(card.deck_id, card.id, card.type, ", ".join(card.tags), short)
    return table


def run_stats(args: argparse.Namespace) -> int:
    """Print today's study figures; reads the database without creating or changing it.

    Decks with problems are reported on stderr and left out (exit status 1, the figures still print).
    """
    if _missing_paths(args.paths):
        stderr_console().print(
            f"no such file or directory: {', '.join(map(str, _missing_paths(args.paths)))}",
            markup=False,
        )
        return EXIT_USAGE
    result = load_decks(deck_paths_of(args, args.paths))
    _report_problems(result, stderr_console())
    try:
        store = Store.open(read_only=True) if database_path().exists() else Store.in_memory()
    except StoreError as error:
        stderr_console().print(f"dlprep: {error}", markup=False)
        return EXIT_FAILED
    with store:
        try:
            figures = collect_stats(StudySession(store, result.decks, store.load_settings()))
        except StoreError as error:
            stderr_console().print(f"dlprep: {error}", markup=False)
            return EXIT_FAILED
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        stdout_console().print(_stats_table(figures))
    return EXIT_FAILED if result.problems else EXIT_OK


def _stats_table(figures: dict[str, object]) -> Table:
    table = Table("", "", show_header=False, title="dlprep stats", box=None)
    for name, value in figures.items():
        if name == "true_retention_30d":
            value = "—" if value is None else f"{value:.1%}"
        table.add_row(name.replace("_", " "), str(value))
    return table

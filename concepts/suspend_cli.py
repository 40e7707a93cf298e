"""`dlprep cards suspended` and `dlprep cards unsuspend ID`: the way back for a suspended card.

A leech is suspended automatically (see `Settings.leech_lapses`) and `s` on the Review screen
suspends by hand; these commands list such cards (deck, reason, lapses) and put one back into
study, through the same `StudySession` calls a card browser uses. `suspended` opens an existing
database read-only (an empty list when there is none yet); `unsuspend` writes. Exit status:
0 ok (also when the card was not suspended), 1 a deck or the store has a problem, 2 an unknown
card id or a missing path.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from rich.table import Table

from dlprep.concepts.decks import DeckLoadResult, load_decks
from dlprep.concepts.session import StudySession
from dlprep.concepts.sources import add_source_options, deck_paths_of
from dlprep.concepts.store import Store, StoreError
from dlprep.console import EXIT_FAILED, EXIT_OK, EXIT_USAGE, stderr_console, stdout_console
from dlprep.paths import database_path

LEECH, BY_HAND = "leech", "suspended"


@dataclass(frozen=True)
class SuspendedCard:
    """One suspended card as listed: why it is out of study and how often it lapsed."""

    deck: str
    id: str
    reason: str  # LEECH (suspended automatically after its lapses) or BY_HAND
    lapses: int
    front: str


def register(actions: argparse._SubParsersAction[argparse.ArgumentParser], paths_help: str) -> None:
    """Add `suspended` and `unsuspend` to the `cards` command's actions."""
    listing = actions.add_parser(
        "suspended", help="list suspended cards: deck, reason (leech or by hand), lapses"
    )
    listing.add_argument("paths", nargs="*", type=Path, metavar="PATH", help=paths_help)
    listing.add_argument("--json", action="store_true", help="print a JSON list of cards")
    add_source_options(listing)
    listing.set_defaults(func=run_suspended)
    unsuspend = actions.add_parser(
        "unsuspend", help="put a suspended card (a leech, say) back into study"
    )
    unsuspend.add_argument("card_id", metavar="ID")
    unsuspend.add_argument("paths", nargs="*", type=Path, metavar="PATH", help=paths_help)
    add_source_options(unsuspend)
    unsuspend.set_defaults(func=run_unsuspend)


def suspended_cards(session: StudySession) -> list[SuspendedCard]:
    """Every suspended card of the session's decks, in deck order."""
    return [
        SuspendedCard(
            card.deck_id,
            card.id,
            LEECH if session.is_leech(card) else BY_HAND,
            session.lapses(card),
            " ".join(card.front.en.split()),
        )
        for deck in session.decks
        for card in deck.cards
        if session.is_suspended(card)
    ]


def run_suspended(args: argparse.Namespace) -> int:
    """Print the suspended cards (problems of the decks go to stderr)."""
    result = _decks(args)
    if result is None:
        return EXIT_USAGE
    try:
        store = Store.open(read_only=True) if database_path().exists() else Store.in_memory()
        with store:
            cards = suspended_cards(StudySession(store, result.decks, store.load_settings()))
    except StoreError as error:
        stderr_console().print(f"dlprep: {error}", markup=False)
        return EXIT_FAILED
    if args.json:
        print(json.dumps([asdict(card) for card in cards], ensure_ascii=False, indent=2))
    else:
        stdout_console().print(_table(cards))
    return EXIT_FAILED if result.problems else EXIT_OK


def run_unsuspend(args: argparse.Namespace) -> int:
    """Put card ID back into study; say so, or that it was not suspended."""
    result = _decks(args)
    if result is None:
        return EXIT_USAGE
    card = next(
        (card for deck in result.decks for card in deck.cards if card.id == args.card_id), None
    )
    if card is None:
        stderr_console().print(
            f"no card with id {args.card_id!r} (list them with `dlprep cards suspended`)",
            markup=False,
        )
        return EXIT_USAGE
    try:
        with Store.open() as store:
            session = StudySession(store, result.decks, store.load_settings())
            if not session.is_suspended(card):
                stdout_console().print(f"{card.id} is not suspended; nothing changed", markup=False)
                return EXIT_OK
            leech = session.is_leech(card)
            session.unsuspend(card)
    except StoreError as error:
        stderr_console().print(f"dlprep: {error}", markup=False)
        return EXIT_FAILED
    note = " (it keeps its leech tag)" if leech else ""
    stdout_console().print(f"{card.id} is back in study{note}", markup=False)
    return EXIT_OK


def _decks(args: argparse.Namespace) -> DeckLoadResult | None:
    """The decks of the PATHs (default: the ones the app studies), problems reported; None if a PATH is missing."""
    paths: list[Path] = args.paths
    missing = [path for path in paths if not path.exists()]
    if missing:
        names = ", ".join(map(str, missing))
        stderr_console().print(f"no such file or directory: {names}", markup=False)
        return None
    result = load_decks(deck_paths_of(args, paths))
    for problem in result.problems:
        stderr_console().print(str(problem), markup=False)
    return result


def _table(cards: list[SuspendedCard]) -> Table:
    table = Table(title=f"{len(cards)} suspended cards")
    for column in ("deck", "id", "reason", "lapses"):
        table.add_column(column, no_wrap=True)
    table.add_column("front (en)")
    for card in cards:
        table.add_row(card.deck, card.id, card.reason, str(card.lapses), card.front)
    return table

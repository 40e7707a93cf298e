"""Concepts benchmark: deck loading, and the per-card cost of a study session on the built-in decks.

Prints medians over several runs: `load_decks()` of the built-in decks, `next_card()` +
`preview()` + `rate()` (one committed transaction, WAL, synchronous=FULL) for each card shown,
`progress()` and `deck_summaries()` (what the TUI calls after each rating), and `undo()`.
The store lives in a temporary directory.

    python benchmarks/concepts.py [--runs N] [--cards N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from dlprep.concepts.decks import load_decks
from dlprep.concepts.session import Rating, StudySession
from dlprep.concepts.settings import Settings
from dlprep.concepts.store import Store


def milliseconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cards", type=int, default=100, help="cards rated per run")
    args = parser.parse_args()

    loads = [milliseconds(load_decks) for _ in range(args.runs)]
    decks = load_decks().decks
    print(f"built-in decks: {len(decks)} decks, {sum(len(deck.cards) for deck in decks)} cards")
    print(f"load_decks(): median {statistics.median(loads):.1f} ms over {args.runs} runs")

    timings: dict[str, list[float]] = {
        "next_card": [],
        "preview": [],
        "rate": [],
        "progress+summaries": [],
        "undo": [],
    }
    for _ in range(args.runs):
        with (
            tempfile.TemporaryDirectory() as home,
            Store.open(Path(home) / "bench.sqlite3") as store,
        ):
            session = StudySession(store, decks, Settings(new_cards_per_day=10_000))
            for _ in range(args.cards):
                start = time.perf_counter()
                card = session.next_card()
                timings["next_card"].append((time.perf_counter() - start) * 1000)
                assert card is not None
                timings["preview"].append(milliseconds(partial(session.preview, card)))
                timings["rate"].append(milliseconds(partial(session.rate, card, Rating.Good, 1.0)))
                timings["progress+summaries"].append(
                    milliseconds(session.progress) + milliseconds(session.deck_summaries)
                )
            timings["undo"].append(milliseconds(session.undo))
    for name, values in timings.items():
        print(
            f"{name}: median {statistics.median(values):.2f} ms, max {max(values):.2f} ms ({len(values)} samples)"
        )


if __name__ == "__main__":
    main()

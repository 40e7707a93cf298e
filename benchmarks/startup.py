"""Start-up benchmark of the TUI: process start → first frame, dlprep vs a bare Textual app.

Each sample is a fresh interpreter that runs its app under `App.run_test()` and reports the
moment the app is ready with its first screen composed (for dlprep: Home with the built-in
decks loaded, asserted). Time is CLOCK_MONOTONIC, shared by parent and child on Linux, taken
just before the child is spawned. Runs alternate between the two apps; medians are printed,
with their ratio (target: dlprep ≤ 2x the bare app), and the time to load the built-in decks.

    python benchmarks/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

PROBES = {
    "bare Textual app": """
import asyncio, time
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("Hello")
        yield Footer()

async def main():
    async with Bare().run_test():
        print(time.monotonic())

asyncio.run(main())
""",
    "dlprep TUI": """
import asyncio, time
from dlprep.tui.app import DlprepApp

async def main():
    app = DlprepApp()
    async with app.run_test():
        ready = time.monotonic()
        assert app.screen.query_one("#decks").row_count > 0, "Home shows no decks"
        print(ready)

asyncio.run(main())
""",
}


def time_to_first_frame(probe: str, env: dict[str, str]) -> float:
    """Seconds from spawning a child running `probe` to the moment it reports its first frame."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    return float(result.stdout.split()[-1]) - started


def deck_load_seconds(runs: int) -> tuple[float, int]:
    """Median time to load the built-in decks in this process, and how many cards they hold."""
    from dlprep.concepts.decks import load_decks

    samples, cards = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        result = load_decks()
        samples.append(time.perf_counter() - started)
        cards = sum(len(deck.cards) for deck in result.decks)
    return statistics.median(samples), cards


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="samples per app (default 10)")
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="dlprep-bench-") as home:
        env = {**os.environ, "DLPREP_HOME": home}
        samples: dict[str, list[float]] = {name: [] for name in PROBES}
        for _ in range(runs):
            for name, probe in PROBES.items():
                samples[name].append(time_to_first_frame(probe, env))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    for name, values in samples.items():
        print(f"{name:18} median {medians[name]:.3f} s  (min {min(values):.3f}, max {max(values):.3f}, n={runs})")
    ratio = medians["dlprep TUI"] / medians["bare Textual app"]
    print(f"{'ratio':18} {ratio:.2f}x the bare app (target ≤ 2x)")
    load_seconds, cards = deck_load_seconds(5)
    print(f"{'load_decks()':18} median {load_seconds * 1000:.0f} ms for {cards} built-in cards")
    return 0


if __name__ == "__main__":
    sys.exit(main())

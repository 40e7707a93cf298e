"""Start-up benchmark of the TUI: process start → first frame, dlprep vs a bare Textual app.

Each sample is a fresh interpreter that runs its app under `App.run_test()` and prints the
moment its first screen is composed and ready ("first frame"). dlprep parses its decks just
after that frame, so its child also prints when Home shows the built-in decks ("decks
shown", asserted). Times are CLOCK_MONOTONIC, shared by parent and child on
Linux, measured from just before the child is spawned. Runs alternate between the apps; the
medians are printed with their ratio to the bare app (target: first frame ≤ 2x), and the
time `load_decks()` takes for the built-in decks in this process.

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

from dlprep.env import HOME_ENV

BARE_APP = """
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
        print("first_frame", time.monotonic())

asyncio.run(main())
"""

DLPREP_APP = """
import asyncio, time
from dlprep.tui.app import DlprepApp

async def main():
    app = DlprepApp()
    async with app.run_test() as pilot:
        print("first_frame", time.monotonic())
        while not app.ready:
            await pilot.pause(0.002)
        await pilot.pause()
        assert app.screen.query_one("#decks").row_count > 0, "Home shows no decks"
        print("decks_shown", time.monotonic())

asyncio.run(main())
"""


def sample(probe: str, env: dict[str, str]) -> dict[str, float]:
    """Seconds from spawning a child running `probe` to each moment the child reports."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    moments = (line.split() for line in result.stdout.splitlines())
    return {name: float(value) - started for name, value in moments}


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
    parser = argparse.ArgumentParser(
        description="Start-up time of the dlprep TUI vs a bare Textual app."
    )
    parser.add_argument("--runs", type=int, default=10, help="samples per app (default 10)")
    runs = parser.parse_args().runs
    samples: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="dlprep-bench-") as home:
        env = {**os.environ, HOME_ENV: home}
        for _ in range(runs):
            for app_name, probe in (("bare Textual app", BARE_APP), ("dlprep TUI", DLPREP_APP)):
                for moment, seconds in sample(probe, env).items():
                    samples.setdefault(f"{app_name}: {moment.replace('_', ' ')}", []).append(
                        seconds
                    )
    baseline = statistics.median(samples["bare Textual app: first frame"])
    for name, values in samples.items():
        median = statistics.median(values)
        print(
            f"{name:30} median {median:.3f} s = {median / baseline:.2f}x bare"
            f"  (min {min(values):.3f}, max {max(values):.3f}, n={runs})"
        )
    print("target: dlprep first frame ≤ 2x the bare app's")
    load_seconds, cards = deck_load_seconds(5)
    print(
        f"{'load_decks(), built-in decks':30} median {load_seconds * 1000:.0f} ms for {cards} cards"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Submit-to-results time in the TUI with the real grader worker, beside `dlprep grade`'s cold time.

Drives the app with Pilot: opens dropout_layer, lets the warm worker (torch, zygote) start,
then presses ctrl+g on a correct solution and on the failing starter, RUNS times each, and
prints the median and max from the key press to the results shown (target: p50 ≤ 0.3 s warm).
In the same run it times a cold `dlprep grade` of the correct solution, and the app's first
frame against a bare Textual app (benchmarks/startup.py's probes; target ≤ 2x), for this
checkout and, with --before DIR, for another checkout (e.g. one without the exercises).

    python benchmarks/tui_submit.py [--runs N] [--before DIR]

The worker runs under $DLPREP_GRADER_PYTHON (default: this interpreter).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from startup import BARE_APP, DLPREP_APP, sample  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
POLL_S = 0.002


async def submit_times(runs: int) -> dict[str, list[float]]:
    from textual.widgets import Static, TextArea

    from dlprep.exercises.registry import get_exercise
    from dlprep.tui.app import DlprepApp

    exercise = get_exercise("dropout_layer")
    sources = {
        "correct dropout_layer": exercise.reference_path.read_text(encoding="utf-8"),
        "failing (the starter)": exercise.starter_path.read_text(encoding="utf-8"),
    }
    app = DlprepApp()
    times: dict[str, list[float]] = {name: [] for name in sources}
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.ready:
            await pilot.pause(0.01)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*"dropout_layer", "enter")
        await pilot.pause(0.3)
        screen = app.screen
        editor = screen.query_one(TextArea)
        for attempt in range(runs + 1):  # the first submission waits for the worker: not timed
            for name, source in sources.items():
                editor.load_text(source)
                await pilot.pause()
                started = time.perf_counter()
                await pilot.press("ctrl+g")
                while getattr(screen, "busy", False):
                    await pilot.pause(POLL_S)
                await pilot.pause()  # the results drawn
                seconds = time.perf_counter() - started
                summary = str(screen.query_one("#results-summary", Static).render())
                expected = "all tests passed" if name.startswith("correct") else "failed"
                assert expected in summary, summary
                if attempt:
                    times[name].append(seconds)
                await pilot.press("enter")  # commit the rating
    return times


def cold_grade_seconds() -> float:
    python = os.environ.get("DLPREP_GRADER_PYTHON") or sys.executable
    reference = REPO / "exercises" / "dropout_layer" / "reference.py"
    started = time.perf_counter()
    subprocess.run(
        [python, "-m", "dlprep", "grade", "dropout_layer", str(reference), "--json"],
        capture_output=True,
        check=True,
    )
    return time.perf_counter() - started


def startup_ratio(checkout: Path, runs: int, env: dict[str, str]) -> float:
    """Median first frame of the dlprep app in `checkout` over a bare Textual app's."""
    env = {**env, "PYTHONPATH": str(checkout)}
    bare, ours = [], []
    for _ in range(runs):
        bare.append(sample(BARE_APP, env)["first_frame"])
        ours.append(sample(DLPREP_APP, env)["first_frame"])
    return statistics.median(ours) / statistics.median(bare)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed submissions per case")
    parser.add_argument("--before", type=Path, help="another checkout to compare start-up with")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dlprep-bench-") as home:
        os.environ["DLPREP_HOME"] = home
        times = asyncio.run(submit_times(args.runs))
        cold = cold_grade_seconds()
        env = dict(os.environ)
        ratios = {"this checkout": startup_ratio(REPO, 5, env)}
        if args.before is not None:
            ratios[f"before ({args.before})"] = startup_ratio(args.before.resolve(), 5, env)
    for name, values in times.items():
        print(
            f"ctrl+g → results, {name:22} p50 {statistics.median(values):.3f} s"
            f"  max {max(values):.3f} s  (n={len(values)}; target p50 ≤ 0.3 s)"
        )
    print(f"dlprep grade (cold process), correct dropout_layer  {cold:.2f} s")
    for name, ratio in ratios.items():
        print(f"start-up, first frame vs bare Textual, {name}: {ratio:.2f}x (target ≤ 2x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

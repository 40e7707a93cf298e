"""Save SVG screenshots of Home, Review (answer revealed) and an exercise with its results.

    python -m dlprep.tui.screenshot [OUT_DIR]
    # writes screenshot-home.svg, screenshot-review.svg, screenshot-exercise.svg

Runs headless with a throw-away data directory, so the learner's progress is never touched.
The exercise view shows dropout_layer after submitting the starter (grouped failures and the
suggested rating); that needs the grader worker ($DLPREP_GRADER_PYTHON, torch, the sandbox).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

from textual.pilot import Pilot

from dlprep.env import HOME_ENV
from dlprep.tui.app import DlprepApp

SIZE = (110, 34)
EXERCISE_SIZE = (120, 36)
GRADING_POLLS = 3000  # of 0.1 s: the first submission waits for torch and the sandbox


async def save_screenshots(out_dir: Path) -> list[Path]:
    """Run the app on the built-in decks and save the screenshots into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    app = DlprepApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = Path(app.save_screenshot("screenshot-home.svg", path=str(out_dir)))
        await pilot.press("r", "space")
        await pilot.pause()
        review = Path(app.save_screenshot("screenshot-review.svg", path=str(out_dir)))
    return [home, review, await save_exercise_screenshot(out_dir)]


async def save_exercise_screenshot(out_dir: Path) -> Path:
    app = DlprepApp()
    async with app.run_test(size=EXERCISE_SIZE) as pilot:
        while not app.ready:
            await pilot.pause(0.01)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*"dropout_layer", "enter")
        await pilot.pause(0.3)
        await pilot.press("ctrl+g")
        await _graded(pilot)
        return Path(app.save_screenshot("screenshot-exercise.svg", path=str(out_dir)))


async def _graded(pilot: Pilot[None]) -> None:
    screen = pilot.app.screen
    for _ in range(GRADING_POLLS):
        await pilot.pause(0.1)
        if not getattr(screen, "busy", True):
            await pilot.pause()
            return
    raise RuntimeError("the grader worker never answered")


def main(argv: list[str]) -> int:
    out_dir = Path(argv[0]) if argv else Path("docs")
    with tempfile.TemporaryDirectory(prefix="dlprep-screenshot-") as home:
        os.environ[HOME_ENV] = home
        for path in asyncio.run(save_screenshots(out_dir)):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Save SVG screenshots of Home and Review (answer revealed) on the built-in decks.

    python -m dlprep.tui.screenshot [OUT_DIR]   # writes screenshot-home.svg, screenshot-review.svg

Runs headless with a throw-away data directory, so the learner's progress is never touched.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

from dlprep.env import HOME_ENV
from dlprep.tui.app import DlprepApp

SIZE = (110, 34)


async def save_screenshots(out_dir: Path) -> list[Path]:
    """Run the app on the built-in decks and save the two screenshots into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    app = DlprepApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = Path(app.save_screenshot("screenshot-home.svg", path=str(out_dir)))
        await pilot.press("r", "space")
        await pilot.pause()
        review = Path(app.save_screenshot("screenshot-review.svg", path=str(out_dir)))
    return [home, review]


def main(argv: list[str]) -> int:
    out_dir = Path(argv[0]) if argv else Path("docs")
    with tempfile.TemporaryDirectory(prefix="dlprep-screenshot-") as home:
        os.environ[HOME_ENV] = home
        for path in asyncio.run(save_screenshots(out_dir)):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

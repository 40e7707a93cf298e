"""Snapshot tests of the Exercises list and the exercise view (before and after grading).

In English and Chinese, at the smallest supported terminal (80x24) and a roomy one (120x40),
with the fixed test decks, the fixed clock and the fake grader worker (deterministic reports;
the shown duration is the report's). After a deliberate change, review the diff and run with
--snapshot-update.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from fixed_clock import Clock
from textual.pilot import Pilot
from textual.widgets import Input, TextArea
from tui_support import FAKE_WORKER, TEST_DECKS, until_idle, wait_for_decks

from dlprep.tui.app import DlprepApp
from dlprep.tui.screens.exercise import ExerciseScreen

SnapCompare = Callable[..., bool]
LANGUAGE_KEYS = {"en": [], "zh": ["l"]}
CASES = [
    pytest.param(language, size, id=f"{language}-{size[0]}x{size[1]}")
    for language in ("en", "zh")
    for size in ((80, 24), (120, 40))
]


@pytest.fixture
def app(clock: Clock) -> DlprepApp:
    return DlprepApp(deck_paths=[TEST_DECKS], now=clock, worker_command=FAKE_WORKER)


def opened(language: str, submit: bool) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Open dropout_layer (from Home, in `language`), submitting the starter when `submit`."""

    async def run_before(pilot: Pilot[None]) -> None:
        await wait_for_decks(pilot)
        await pilot.press(*LANGUAGE_KEYS[language], "e")
        await pilot.pause()
        await pilot.press(*"dropout_layer", "enter")
        await pilot.pause(0.2)
        screen = pilot.app.screen
        assert isinstance(screen, ExerciseScreen)
        if submit:
            await pilot.press("ctrl+g")
            await until_idle(pilot)
        await steady_cursors(pilot)

    return run_before


async def steady_cursors(pilot: Pilot[None]) -> None:
    """Stop the cursors blinking, once focus has settled, so each frame shows them the same."""
    await pilot.pause(0.1)
    for widget in pilot.app.screen.query("Input, TextArea"):
        assert isinstance(widget, (Input, TextArea))
        widget.cursor_blink = True  # toggled, so the watcher re-pauses with the focus as it is now
        widget.cursor_blink = False
        if isinstance(widget, TextArea):
            # Its line cache may hold the cursor's line drawn in a blink's off phase, under the
            # same key as a steady cursor's: drop it, or the frame depends on the timing.
            widget._line_cache.clear()
            widget.refresh()
    await pilot.pause()


def listed(language: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Open the Exercises list in `language`, once its columns are sized (on idle)."""

    async def run_before(pilot: Pilot[None]) -> None:
        await wait_for_decks(pilot)
        await pilot.press(*LANGUAGE_KEYS[language], "e")
        await pilot.pause(0.2)
        await steady_cursors(pilot)

    return run_before


@pytest.mark.parametrize(("language", "size"), CASES)
def test_exercise_list_snapshot(
    snap_compare: SnapCompare, app: DlprepApp, language: str, size: tuple[int, int]
) -> None:
    assert snap_compare(app, terminal_size=size, run_before=listed(language))


@pytest.mark.parametrize(("language", "size"), CASES)
def test_exercise_view_snapshot(
    snap_compare: SnapCompare, app: DlprepApp, language: str, size: tuple[int, int]
) -> None:
    assert snap_compare(app, terminal_size=size, run_before=opened(language, submit=False))


@pytest.mark.parametrize(("language", "size"), CASES)
def test_exercise_graded_snapshot(
    snap_compare: SnapCompare, app: DlprepApp, language: str, size: tuple[int, int]
) -> None:
    assert snap_compare(app, terminal_size=size, run_before=opened(language, submit=True))

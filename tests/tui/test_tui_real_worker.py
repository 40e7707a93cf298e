"""The real grader worker behind the TUI, once: `python -m dlprep.grader.worker` under Pilot.

The fake worker (fake_worker.py) covers every flow; this proves the real one speaks the same
protocol: a correct dropout_layer passes in the sandbox, the starter fails with its grouped
NotImplementedError, and both attempts are in the store.
"""

from __future__ import annotations

import pytest
from fixed_clock import Clock
from real_grader import grader_env, worker_command
from textual.pilot import Pilot
from textual.widgets import DataTable, Static, TextArea
from tui_support import TEST_DECKS, wait_for_decks

from dlprep.concepts.exercise_log import ExerciseLog
from dlprep.concepts.store import Store
from dlprep.exercises.registry import get_exercise
from dlprep.tui.app import DlprepApp
from dlprep.tui.screens.exercise import ExerciseScreen

GRADING_POLLS = 1200  # of 100 ms each: the first submission waits for torch and the zygote


async def graded(pilot: Pilot[None]) -> str:
    screen = pilot.app.screen
    await pilot.press("ctrl+g")
    for _ in range(GRADING_POLLS):
        await pilot.pause(0.1)
        if not getattr(screen, "busy", False):
            return str(screen.query_one("#results-summary", Static).render())
    raise AssertionError("the real worker never answered")


@pytest.mark.slow  # about 35 s on a shared 2-core machine; tests/e2e covers the path in `make test`
@pytest.mark.asyncio
async def test_real_worker_grades_from_the_tui(
    clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in grader_env().items():
        monkeypatch.setenv(name, value)
    exercise = get_exercise("dropout_layer")
    app = DlprepApp(deck_paths=[TEST_DECKS], now=clock, worker_command=worker_command())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_decks(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*"dropout_layer", "enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, ExerciseScreen)
        editor = app.screen.query_one(TextArea)
        editor.load_text(exercise.reference_path.read_text(encoding="utf-8"))
        assert "all tests passed" in await graded(pilot)
        await pilot.press("enter")
        editor.load_text(exercise.starter_path.read_text(encoding="utf-8"))
        summary = await graded(pilot)
        assert "tests failed" in summary, summary
        table = app.screen.query_one("#results", DataTable)
        assert any(
            "NotImplementedError" in str(table.get_row_at(row)[2]) for row in range(table.row_count)
        )
    with Store.open() as store:
        attempts = ExerciseLog(store).attempts("dropout_layer")
    assert sorted(attempt.passed for attempt in attempts) == [False, True]

"""Pilot tests of the exercise flows, against a fake grader worker (tests/tui/fake_worker.py)."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import pytest
from fixed_clock import Clock
from textual.pilot import Pilot
from textual.widgets import DataTable, Markdown, Static, TextArea
from tui_support import (
    FAKE_WORKER,
    TEST_DECKS,
    notification_messages,
    until_idle,
    wait_for_decks,
)

from dlprep.concepts.exercise_log import ExerciseLog
from dlprep.concepts.store import Store
from dlprep.exercises.registry import get_exercise
from dlprep.tui.app import DlprepApp
from dlprep.tui.screens.compare import CompareScreen
from dlprep.tui.screens.exercise import ExerciseScreen
from dlprep.tui.screens.exercises import ExercisesScreen
from dlprep.tui.screens.too_small import TooSmallScreen

CORRECT = "import torch\n\ndef dropout_layer(X, dropout):\n    return X\n"


def make(clock: Clock) -> DlprepApp:
    return DlprepApp(deck_paths=[TEST_DECKS], now=clock, worker_command=FAKE_WORKER)


@asynccontextmanager
async def exercise_open(
    clock: Clock, size: tuple[int, int] = (120, 40)
) -> AsyncIterator[Pilot[None]]:
    app = make(clock)
    async with app.run_test(size=size) as pilot:
        await wait_for_decks(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*"dropout_layer", "enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, ExerciseScreen)
        yield pilot


def set_code(pilot: Pilot[None], code: str) -> None:
    pilot.app.screen.query_one(TextArea).load_text(code)


def summary(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one("#results-summary", Static).render())


def status(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one("#exercise-status", Static).render())


@pytest.mark.asyncio
async def test_list_filters_by_id_title_and_tag(clock: Clock) -> None:
    app = make(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_decks(pilot)
        await pilot.press("e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExercisesScreen)
        table = screen.query_one("#exercise-table", DataTable)
        total = table.row_count
        assert total >= 4

        def shown() -> list[str]:
            return [str(table.get_row_at(index)[0]) for index in range(table.row_count)]

        await pilot.press(*"regulariz")  # a tag: dropout_layer has it, most exercises do not
        assert "dropout_layer" in shown() and "batch_norm" not in shown()
        assert 1 <= table.row_count < total
        screen.query_one("#exercise-filter").value = "批量规范化"  # type: ignore[attr-defined]
        await pilot.pause()
        assert shown() == ["batch_norm"]
        assert "new" in str(table.get_row_at(0)[2])


@pytest.mark.asyncio
async def test_submit_groups_failures_marks_cards_and_rating_override(clock: Clock) -> None:
    async with exercise_open(clock) as pilot:
        await pilot.press("ctrl+g")
        await until_idle(pilot)
        table = pilot.app.screen.query_one("#results", DataTable)
        assert table.row_count == 2
        assert "18 tests: dropout_layer raised NotImplementedError" in str(table.get_row_at(0)[2])
        assert "Scales the survivors" in str(table.get_row_at(1)[2])
        assert "Again (suggested)" in summary(pilot)
        await pilot.press("2")  # override: Hard
        await pilot.pause()
        assert "Rated Hard" in status(pilot)
    with Store.open() as store:
        attempts = ExerciseLog(store).attempts("dropout_layer")
        assert [(attempt.passed, attempt.rating) for attempt in attempts] == [(False, 2)]
        assert store.card_record("exercise:dropout_layer").fsrs_card is not None


@pytest.mark.asyncio
async def test_pass_suggests_good_and_history_reopens(clock: Clock) -> None:
    async with exercise_open(clock) as pilot:
        set_code(pilot, CORRECT)
        await pilot.press("ctrl+g")
        await until_idle(pilot)
        assert "all tests passed" in summary(pilot) and "Good (suggested)" in summary(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert "Rated Good" in status(pilot)
        history = pilot.app.screen.query_one("#history-table", DataTable)
        assert history.row_count == 1
        await pilot.press("f5")
        history.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "Attempt 1" in summary(pilot)


@pytest.mark.asyncio
async def test_run_example_shows_output(clock: Clock) -> None:
    async with exercise_open(clock) as pilot:
        await pilot.press("ctrl+r")
        await until_idle(pilot)
        assert "Your code raised" in summary(pilot)
        detail = str(pilot.app.screen.query_one("#results-detail", Static).render())
        assert "NotImplementedError" in detail and ">>> dropout_layer" in detail


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("marker", "verdict"),
    [("CRASH", "grader stopped"), ("FLOOD", "too large")],
)
async def test_worker_faults_give_a_verdict_and_a_fresh_worker(
    clock: Clock, marker: str, verdict: str
) -> None:
    async with exercise_open(clock) as pilot:
        set_code(pilot, f"# {marker}\n" + CORRECT)
        await pilot.press("ctrl+g")
        await until_idle(pilot)
        assert verdict in summary(pilot)
        set_code(pilot, CORRECT)
        await pilot.press("ctrl+g")
        await until_idle(pilot)
        assert "all tests passed" in summary(pilot)
        assert "grader was restarted" in summary(pilot)


@pytest.mark.asyncio
async def test_training_progress_is_shown_while_grading(clock: Clock) -> None:
    async with exercise_open(clock) as pilot:
        set_code(pilot, "# TRAIN\n" + CORRECT)
        await pilot.press("ctrl+g")
        for _ in range(100):
            await pilot.pause(0.05)
            if "epoch 2 · loss 0.500" in status(pilot):
                break
        assert "epoch 2 · loss 0.500" in status(pilot) and "Grading" in status(pilot)
        await until_idle(pilot)
        assert "all tests passed" in summary(pilot)


@pytest.mark.asyncio
async def test_escape_cancels_a_hung_submission(clock: Clock) -> None:
    async with exercise_open(clock) as pilot:
        set_code(pilot, "# HANG\n" + CORRECT)
        await pilot.press("ctrl+g")
        await pilot.pause(0.5)
        assert pilot.app.screen.busy  # type: ignore[attr-defined]
        await pilot.press("escape")
        await until_idle(pilot)
        assert "Cancelled" in summary(pilot)
        assert isinstance(pilot.app.screen, ExerciseScreen)


@pytest.mark.asyncio
async def test_escape_sequences_never_reach_the_screen(clock: Clock) -> None:
    async with exercise_open(clock) as pilot:
        set_code(pilot, "# ESCAPE\n" + CORRECT)
        await pilot.press("ctrl+g")
        await until_idle(pilot)
        detail = str(pilot.app.screen.query_one("#results-detail", Static).render())
        assert "\x1b" not in detail and "red" in detail


@pytest.mark.asyncio
async def test_draft_and_cursor_restored_after_restart(clock: Clock) -> None:
    async with exercise_open(clock) as pilot:
        editor = pilot.app.screen.query_one(TextArea)
        editor.move_cursor((0, 0))
        await pilot.press(*"# mine", "enter")
        await pilot.pause(0.8)  # past the debounce
        cursor = editor.cursor_location
    async with exercise_open(clock) as pilot:
        editor = pilot.app.screen.query_one(TextArea)
        assert editor.text.startswith("# mine\n")
        assert editor.cursor_location == cursor


@pytest.mark.asyncio
async def test_reset_asks_first(clock: Clock) -> None:
    async with exercise_open(clock) as pilot:
        set_code(pilot, CORRECT)
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert pilot.app.screen.query_one(TextArea).text == CORRECT
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "raise NotImplementedError" in pilot.app.screen.query_one(TextArea).text


@pytest.mark.asyncio
async def test_language_toggle_shows_the_chinese_prompt(clock: Clock) -> None:
    async with exercise_open(clock) as pilot:
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert "暂退法" in pilot.app.screen.query_one("#prompt-text", Markdown).source


@pytest.mark.asyncio
async def test_failed_test_makes_its_card_due_and_says_so(clock: Clock) -> None:
    async with exercise_open(clock) as pilot:
        await pilot.press("ctrl+g")
        await until_idle(pilot)
        # The fake report names two cards of the test decks (tests/tui/decks).
        text = summary(pilot)
        assert "test_case_18 → card `tui-randn` is due again" in text
        assert "card `tui-sgd-step` is due again" in text
    with Store.open() as store:
        state = store.card_record("tui-randn").fsrs_card
        assert state is not None and state.due <= clock()


@pytest.mark.asyncio
async def test_small_terminal_asks_to_enlarge(clock: Clock) -> None:
    app = make(clock)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause(0.2)
        assert isinstance(app.screen, TooSmallScreen)
        assert "80x24" in str(app.screen.query_one(Static).render())


@pytest.mark.asyncio
async def test_reference_is_shown_only_after_a_full_pass(clock: Clock) -> None:
    reference = get_exercise("dropout_layer").reference_path.read_text(encoding="utf-8")
    async with exercise_open(clock) as pilot:
        await pilot.press("ctrl+g")  # the starter fails
        await until_idle(pilot)
        await pilot.press("enter", "f8")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, CompareScreen)
        assert any("once an attempt passes" in text for text in notification_messages(pilot.app))
        set_code(pilot, CORRECT)
        await pilot.press("ctrl+g")
        await until_idle(pilot)
        assert "shows your code beside the reference" in summary(pilot)
        await pilot.press("enter", "f8")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, CompareScreen)
        assert screen.query_one("#compare-mine", TextArea).text == CORRECT
        assert screen.query_one("#compare-reference", TextArea).text == reference
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ExerciseScreen)


@pytest.mark.asyncio
async def test_external_editor_rewrites_the_draft(
    clock: Clock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ctrl+o runs $VISUAL on the draft inside App.suspend() and loads what it saved."""
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys\nfrom pathlib import Path\n"
        "path = Path(sys.argv[1])\n"
        "path.write_text('# edited outside\\n' + path.read_text())\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("VISUAL", f"{sys.executable} {editor}")
    suspended: list[bool] = []

    @contextmanager
    def suspend() -> Iterator[None]:  # Pilot's headless driver cannot suspend
        suspended.append(True)
        yield

    async with exercise_open(clock) as pilot:
        monkeypatch.setattr(pilot.app, "suspend", suspend)
        set_code(pilot, CORRECT)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert suspended == [True]
        assert pilot.app.screen.query_one(TextArea).text == "# edited outside\n" + CORRECT
    with Store.open() as store:
        draft = ExerciseLog(store).draft("dropout_layer")
        assert draft is not None and draft.code == "# edited outside\n" + CORRECT

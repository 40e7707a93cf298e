"""A killed app loses at most about a second of typing: a real process runs the app (headless,
driven by Pilot), types into dropout_layer's editor, and is killed with SIGKILL mid-typing;
the store then holds every line the app had shown a second before the kill, and reopening the
exercise restores that draft."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fixed_clock import Clock
from textual.widgets import TextArea
from tui_support import FAKE_WORKER, TEST_DECKS, wait_for_decks

from dlprep.concepts.exercise_log import ExerciseLog
from dlprep.concepts.store import Store
from dlprep.tui.app import DlprepApp
from dlprep.tui.screens.exercise import ExerciseScreen

TYPING_S = 4.0
LOSS_S = 1.0  # the draft is saved every 0.5 s: allow that, plus a commit in flight

TYPIST = """
import asyncio, sys, time
from dlprep.tui.app import DlprepApp

async def main():
    # a worker that never gets ready, and ends when this process dies (its stdin closes)
    worker = [sys.executable, "-c", "import sys; sys.stdin.read()"]
    app = DlprepApp(deck_paths=[sys.argv[1]], worker_command=worker)
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.ready:
            await pilot.pause(0.01)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*"dropout_layer", "enter")
        await pilot.pause(0.3)
        print("ready", flush=True)
        for line in range(100_000):
            await pilot.press(*f"# line {line:05d}", "enter")  # returns once the app handled it
            print(line, time.monotonic(), flush=True)

asyncio.run(main())
"""


@pytest.mark.asyncio
async def test_kill_9_while_typing_loses_at_most_a_second(
    isolated_dlprep_home: Path, clock: Clock
) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", TYPIST, str(TEST_DECKS)],
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    shown: list[tuple[int, float]] = []
    started = time.monotonic()
    while time.monotonic() - started < TYPING_S:
        line, at = child.stdout.readline().split()
        shown.append((int(line), float(at)))
    killed_at = time.monotonic()
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL

    with sqlite3.connect(isolated_dlprep_home / "dlprep.sqlite3") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with Store.open() as store:
        draft = ExerciseLog(store).draft("dropout_layer")
    assert draft is not None, "no draft was saved"
    must_keep = [line for line, at in shown if at <= killed_at - LOSS_S]
    assert must_keep, "too little was typed before the kill: nothing was proved"
    missing = [line for line in must_keep if f"# line {line:05d}" not in draft.code]
    assert not missing, f"lines shown over {LOSS_S} s before the kill were lost: {missing[:5]}"

    app = DlprepApp(deck_paths=[TEST_DECKS], now=clock, worker_command=FAKE_WORKER)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_decks(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*"dropout_layer", "enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, ExerciseScreen)
        editor = app.screen.query_one(TextArea)
        assert editor.text == draft.code
        assert editor.cursor_location == draft.cursor

"""Start-up of the TUI: no torch, a clear message and exit status 1 when the store is unusable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tui_support import TERMINAL_SIZE

from dlprep.paths import database_path
from dlprep.tui.app import DlprepApp
from dlprep.tui.screens.home import HomeScreen

HEADLESS = {"TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver"}

MOUNT_AND_LIST_MODULES = """
import asyncio, sys
from dlprep.tui.app import DlprepApp
imported_by_app = "torch" in sys.modules

async def main():
    app = DlprepApp()
    async with app.run_test() as pilot:
        while not app.ready:
            await pilot.pause(0.01)
        await pilot.press("r")
        print(imported_by_app, "torch" in sys.modules, type(app.screen).__name__)

asyncio.run(main())
"""


def run_python(
    code_or_args: list[str], extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **(extra_env or {})}
    return subprocess.run(
        [sys.executable, *code_or_args], capture_output=True, text=True, env=env, timeout=120
    )


def test_tui_never_imports_torch() -> None:
    """In a fresh interpreter: importing the app, mounting it and opening Review load no torch."""
    result = run_python(["-c", MOUNT_AND_LIST_MODULES])
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "ReviewScreen"]


def corrupt_store() -> Path:
    path = database_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not an SQLite database" * 100)
    return path


@pytest.mark.asyncio
async def test_unusable_store_exits_with_status_1_and_the_message() -> None:
    path = corrupt_store()
    app = DlprepApp()
    async with app.run_test(size=TERMINAL_SIZE):
        assert not any(isinstance(screen, HomeScreen) for screen in app.screen_stack)
    assert app.return_code == 1
    assert app.startup_error is not None and str(path) in app.startup_error


def test_dlprep_command_reports_an_unusable_store_without_traceback() -> None:
    path = corrupt_store()
    result = run_python(["-m", "dlprep", "tui"], HEADLESS)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "dlprep:" in result.stderr
    assert path.name in result.stderr


def test_dlprep_command_opens_and_quits_with_status_0() -> None:
    result = run_python(["-m", "dlprep"], {**HEADLESS, "TEXTUAL_PRESS": "q"})
    assert result.returncode == 0, result.stderr

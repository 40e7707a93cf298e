"""Snapshot tests (pytest-textual-snapshot) of Home and Review, in English and Chinese.

They use the fixed decks under tests/tui/decks, a fixed clock and a fixed terminal size.
After a deliberate change of the screens, review the diff and run with --snapshot-update.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tui_support import TERMINAL_SIZE, wait_for_decks

from dlprep.tui.app import DlprepApp

SnapCompare = Callable[..., bool]
LANGUAGE_KEYS = {"en": [], "zh": ["l"]}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_home_snapshot(snap_compare: SnapCompare, app: DlprepApp, language: str) -> None:
    assert snap_compare(
        app, press=LANGUAGE_KEYS[language], terminal_size=TERMINAL_SIZE, run_before=wait_for_decks
    )


@pytest.mark.parametrize("language", ["en", "zh"])
def test_review_front_snapshot(snap_compare: SnapCompare, app: DlprepApp, language: str) -> None:
    assert snap_compare(
        app,
        press=[*LANGUAGE_KEYS[language], "r"],
        terminal_size=TERMINAL_SIZE,
        run_before=wait_for_decks,
    )


@pytest.mark.parametrize("language", ["en", "zh"])
def test_review_revealed_snapshot(snap_compare: SnapCompare, app: DlprepApp, language: str) -> None:
    assert snap_compare(
        app,
        press=[*LANGUAGE_KEYS[language], "r", "space"],
        terminal_size=TERMINAL_SIZE,
        run_before=wait_for_decks,
    )


def test_review_done_snapshot(snap_compare: SnapCompare, app: DlprepApp) -> None:
    keys = ["down", "enter", "space", "4", "space", "4"]
    assert snap_compare(app, press=keys, terminal_size=TERMINAL_SIZE, run_before=wait_for_decks)

"""Snapshots of the Settings, Browse and Stats screens: English and Chinese, at 80x24 and 120x40.

On the fixed test decks and clock. After a deliberate change, review the diff and run with
--snapshot-update.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tui_support import wait_for_decks

from dlprep.tui.app import DlprepApp

SnapCompare = Callable[..., bool]
LANGUAGE_KEYS = {"en": [], "zh": ["l"]}
SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("language", ["en", "zh"])
def test_settings_snapshot(
    snap_compare: SnapCompare, app: DlprepApp, language: str, size: tuple[int, int]
) -> None:
    keys = [*LANGUAGE_KEYS[language], "comma"]
    assert snap_compare(app, press=keys, terminal_size=size, run_before=wait_for_decks)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("language", ["en", "zh"])
def test_browse_snapshot(
    snap_compare: SnapCompare, app: DlprepApp, language: str, size: tuple[int, int]
) -> None:
    keys = [*LANGUAGE_KEYS[language], "b", "down"]
    assert snap_compare(app, press=keys, terminal_size=size, run_before=wait_for_decks)

"""Snapshots of the Settings, Browse and Stats screens: English and Chinese, at 80x24 and 120x40.

On the fixed test decks and clock. After a deliberate change, review the diff and run with
--snapshot-update.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from tui_support import wait_for_decks

from dlprep.concepts.session import Rating
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


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("language", ["en", "zh"])
def test_stats_snapshot(
    snap_compare: SnapCompare, app: DlprepApp, language: str, size: tuple[int, int]
) -> None:
    async def with_reviews(pilot: Pilot[None]) -> None:
        await wait_for_decks(pilot)
        session = app.study.session
        for rating in (Rating.Again, Rating.Good, Rating.Hard):
            card = session.next_card()
            assert card is not None
            session.rate(card, rating, 40.0)

    keys = [*LANGUAGE_KEYS[language], "s"]
    assert snap_compare(app, press=keys, terminal_size=size, run_before=with_reviews)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("language", ["en", "zh"])
def test_custom_study_snapshot(
    snap_compare: SnapCompare, app: DlprepApp, language: str, size: tuple[int, int]
) -> None:
    keys = [*LANGUAGE_KEYS[language], "c"]
    assert snap_compare(app, press=keys, terminal_size=size, run_before=wait_for_decks)

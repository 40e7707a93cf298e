"""Pilot tests of the card browser (`b` on Home): search, details with history, state changes."""

from __future__ import annotations

from dataclasses import replace

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input
from tui_support import started

from dlprep.concepts.session import Rating
from dlprep.tui.app import DlprepApp
from dlprep.tui.screens.browse import BrowseScreen
from dlprep.tui.screens.home import HomeScreen

pytestmark = pytest.mark.asyncio


async def open_browser(app: DlprepApp, pilot: Pilot[None]) -> BrowseScreen:
    await pilot.press("b")
    assert isinstance(app.screen, BrowseScreen)
    return app.screen


async def search_for(pilot: Pilot[None], screen: BrowseScreen, text: str) -> list[str]:
    await pilot.press("slash")
    field = screen.query_one("#browse-search", Input)
    field.value = text
    await pilot.press("enter")
    return [card.id for card in screen.results]


def detail_text(screen: BrowseScreen) -> str:
    return str(screen.query_one("#browse-detail").render())


async def test_every_study_card_is_listed_with_cloze_cards_per_deletion(app: DlprepApp) -> None:
    async with started(app) as pilot:
        screen = await open_browser(app, pilot)
        assert screen.query_one("#browse-results", DataTable).row_count == 5
        assert "tui-momentum-cloze::c1" in [card.id for card in screen.results]
        assert "tui-sgd-step" in detail_text(screen)


async def test_search_by_text_in_either_language_tag_deck_and_state(app: DlprepApp) -> None:
    async with started(app) as pilot:
        screen = await open_browser(app, pilot)
        assert await search_for(pilot, screen, "正态") == ["tui-randn"]
        assert await search_for(pilot, screen, "tag:adam") == ["tui-adam-choice"]
        assert len(await search_for(pilot, screen, "deck:tui-tensors")) == 2
        assert len(await search_for(pilot, screen, "is:new")) == 5
        assert await search_for(pilot, screen, "is:suspended") == []


async def test_history_and_next_due_of_a_reviewed_card(app: DlprepApp) -> None:
    async with started(app) as pilot:
        card = app.study.session.next_card()
        assert card is not None
        app.study.session.rate(card, Rating.Hard, 3.0)
        screen = await open_browser(app, pilot)
        text = detail_text(screen)
        assert "Review history (1)" in text and "Hard" in text
        assert "learning" in text


async def test_suspend_bury_reset_and_clear_leech_from_the_list(app: DlprepApp) -> None:
    async with started(app) as pilot:
        screen = await open_browser(app, pilot)
        session = app.study.session
        card = screen.selected
        assert card is not None
        await pilot.press("s")
        assert session.is_suspended(card) and "suspended" in detail_text(screen)
        await pilot.press("s")
        assert not session.is_suspended(card)
        await pilot.press("minus")
        assert session.record(card).buried_until is not None
        await pilot.press("minus")
        assert session.record(card).buried_until is None
        session.rate(card, Rating.Good, 1.0)
        session.store.save_card(replace(session.record(card), leech=True))
        await pilot.press("x")
        assert not session.is_leech(card)
        await pilot.press("n")
        assert session.record(card).fsrs_card is None
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)

"""Pilot tests of custom study (`c` on Home and the command palette): review ahead, more new, cram."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static
from tui_support import started

from dlprep.concepts.custom_study import Cram, ReviewAhead
from dlprep.concepts.session import Rating
from dlprep.tui.app import DlprepApp
from dlprep.tui.screens.custom_study import CustomStudyScreen
from dlprep.tui.screens.home import HomeScreen
from dlprep.tui.screens.review import ReviewScreen

pytestmark = pytest.mark.asyncio


async def run_row(pilot: Pilot[None], app: DlprepApp, row: str, text: str) -> None:
    field = app.screen.query_one(f"#custom-{row}", Input)
    field.focus()
    field.value = text
    await pilot.press("enter")


async def test_more_new_cards_today(app: DlprepApp) -> None:
    async with started(app) as pilot:
        app.study.session.apply_settings(type(app.study.session.settings)(new_cards_per_day=1))
        await pilot.press("c")
        assert isinstance(app.screen, CustomStudyScreen)
        await run_row(pilot, app, "more-new", "3")
        assert app.study.session.progress().new == 4
        await run_row(pilot, app, "more-new", "lots")
        assert "expected a whole number" in str(
            app.screen.query_one("#custom-more-new-error", Static).render()
        )


async def test_cram_a_deck_without_changing_the_schedule(app: DlprepApp) -> None:
    async with started(app) as pilot:
        await pilot.press("c")
        await run_row(pilot, app, "cram", "tui-tensors")
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and isinstance(screen.mode, Cram)
        assert "Cram: tui-tensors" in screen.sub_title
        assert screen.card is not None and screen.card.id == "tui-view-vs-reshape"
        await pilot.press("space", "3", "space", "1")
        assert screen.card is not None and screen.card.id == "tui-randn", (
            "Again: once more at the end"
        )
        await pilot.press("minus")
        assert screen.card.id == "tui-randn", "no burying in a cram"
        assert app.study.session.store.total_reviews() == 0


async def test_cram_refuses_an_unknown_deck(app: DlprepApp) -> None:
    async with started(app) as pilot:
        await pilot.press("c")
        await run_row(pilot, app, "cram", "nope")
        assert isinstance(app.screen, CustomStudyScreen)
        assert "no deck 'nope'" in str(app.screen.query_one("#custom-cram-error", Static).render())
        await run_row(pilot, app, "cram", "tag:momentum")
        assert isinstance(app.screen, ReviewScreen)


async def test_review_ahead_from_the_screen(app: DlprepApp) -> None:
    async with started(app) as pilot:
        session = app.study.session
        card = session.next_card()
        assert card is not None
        session.rate(card, Rating.Easy, 1.0)
        await pilot.press("c")
        await run_row(pilot, app, "ahead", "30")
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and isinstance(screen.mode, ReviewAhead)
        assert screen.card == card


async def test_custom_study_is_in_the_palette(app: DlprepApp) -> None:
    async with started(app):
        home = app.screen
        assert isinstance(home, HomeScreen)
        titles = [command.title for command in home.palette_commands()]
        assert "Review ahead (7 days)" in titles and "10 more new cards today" in titles
        assert "Cram deck: Tensors" in titles and "Custom study" in titles

"""Pilot tests of the Stats screen (`s` on Home): drawn charts of the learner's reviews."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fixed_clock import Clock
from textual.widgets import Static
from tui_support import started

from dlprep.concepts.session import Rating
from dlprep.tui.app import DlprepApp
from dlprep.tui.screens.home import HomeScreen
from dlprep.tui.screens.stats import StatsScreen
from dlprep.tui.widgets.charts import HEAT_CELL, bar_chart, heat_level


def review_some(app: DlprepApp, clock: Clock) -> None:
    """Two days of study: three ratings yesterday (one Again), one today."""
    session = app.study.session
    clock.advance(timedelta(days=-1))
    for rating in (Rating.Again, Rating.Good, Rating.Good):
        card = session.next_card()
        assert card is not None
        session.rate(card, rating, 30.0)
    clock.advance(timedelta(days=1))
    card = session.next_card()
    assert card is not None
    session.rate(card, Rating.Hard, 90.0)


def text_of(screen: StatsScreen, widget_id: str) -> str:
    return str(screen.query_one(f"#{widget_id}", Static).render())


@pytest.mark.asyncio
async def test_stats_draw_the_heatmap_forecast_time_and_streak(
    app: DlprepApp, clock: Clock
) -> None:
    async with started(app) as pilot:
        review_some(app, clock)
        await pilot.press("s")
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        assert "Streak: 2 day(s) · 4 reviews on 2 day(s)" in text_of(screen, "stats-summary")
        assert text_of(screen, "stats-heatmap").count(HEAT_CELL) > 300
        assert "█" in text_of(screen, "stats-forecast") or "▁" in text_of(screen, "stats-forecast")
        assert "peak 1.5 min" in text_of(screen, "stats-time")
        assert "Exercises" in text_of(screen, "stats-retention")
        await pilot.press("l")
        assert "连续学习 2 天" in text_of(screen, "stats-summary")
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


def test_heat_levels_and_bars_scale_to_the_peak() -> None:
    assert [heat_level(n, 8) for n in (0, 1, 3, 8)] == [0, 1, 2, 4]
    assert bar_chart([0, 4, 8], 1).plain == " ▄█"
    assert bar_chart([0, 8], 2).plain == " █\n █"

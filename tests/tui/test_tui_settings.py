"""Pilot tests of the Settings screen (`,` on Home) and of Home's keys and palette commands."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static
from tui_support import started

from dlprep.concepts.store import Store
from dlprep.tui.app import DlprepApp
from dlprep.tui.screens.home import HomeScreen
from dlprep.tui.screens.settings import SettingsScreen

pytestmark = pytest.mark.asyncio


def saved_settings_value(name: str) -> object:
    with Store.open() as store:
        return getattr(store.load_settings(), name)


async def open_settings(app: DlprepApp, pilot: Pilot[None]) -> SettingsScreen:
    await pilot.press("comma")
    assert isinstance(app.screen, SettingsScreen)
    return app.screen


async def retype(pilot: Pilot[None], app: DlprepApp, name: str, text: str) -> None:
    field = app.screen.query_one(f"#setting-{name}", Input)
    field.focus()
    field.value = text
    await pilot.press("enter")


async def test_a_valid_value_is_saved_and_applied_at_once(app: DlprepApp) -> None:
    async with started(app) as pilot:
        await open_settings(app, pilot)
        await retype(pilot, app, "new_cards_per_day", "1")
        assert saved_settings_value("new_cards_per_day") == 1
        assert app.study.session.settings.new_cards_per_day == 1
        assert app.study.session.progress().new == 1
        await retype(pilot, app, "learning_steps_minutes", "2, 15")
        assert saved_settings_value("learning_steps_minutes") == (2, 15)


async def test_a_bad_value_is_refused_with_the_config_set_message(app: DlprepApp) -> None:
    async with started(app) as pilot:
        await open_settings(app, pilot)
        await retype(pilot, app, "desired_retention", "1.5")
        error = app.screen.query_one("#error-desired_retention", Static)
        assert error.display
        assert "desired_retention must be a number from 0.70 to 0.99" in str(error.render())
        assert saved_settings_value("desired_retention") == 0.9
        await retype(pilot, app, "desired_retention", "0.85")
        assert not error.display
        assert saved_settings_value("desired_retention") == 0.85


async def test_leaving_a_field_saves_it(app: DlprepApp) -> None:
    async with started(app) as pilot:
        await open_settings(app, pilot)
        field = app.screen.query_one("#setting-leech_lapses", Input)
        field.focus()
        field.value = "4"
        await pilot.press("tab")
        assert saved_settings_value("leech_lapses") == 4


async def test_language_and_theme_apply_at_once(app: DlprepApp) -> None:
    async with started(app) as pilot:
        screen = await open_settings(app, pilot)
        screen.query_one("#setting-language", Select).value = "zh"
        await pilot.pause()
        assert app.language == "zh" and saved_settings_value("language") == "zh"
        assert "每日新卡数" in str(screen.query_one("#label-new_cards_per_day").render())
        screen.query_one("#setting-theme", Select).value = "nord"
        await pilot.pause()
        assert app.theme == "nord" and saved_settings_value("theme") == "nord"
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_the_saved_theme_is_used_at_start(app: DlprepApp) -> None:
    with Store.open() as store:
        settings = store.load_settings()
        store.save_settings(type(settings)(**{**settings.__dict__, "theme": "gruvbox"}))
    async with started(app):
        assert app.theme == "gruvbox"


async def test_home_footer_shows_the_keys(app: DlprepApp) -> None:
    async with started(app):
        keys = {binding.id for (_, binding, enabled, _) in app.active_bindings.values() if enabled}
        assert {
            "home.review-all",
            "home.stats",
            "home.browse",
            "home.settings",
            "home.quit",
        } <= keys


async def test_palette_commands_follow_the_language(app: DlprepApp) -> None:
    async with started(app) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        titles = [command.title for command in home.palette_commands()]
        assert "Browse cards" in titles and "Stats" in titles and "Settings" in titles
        assert "Review deck: Optimisation" in titles
        assert "Export progress (JSON)" in titles
        await pilot.press("l")
        titles = [command.title for command in home.palette_commands()]
        assert "复习卡组：优化算法" in titles and "浏览卡片" in titles and "设置" in titles

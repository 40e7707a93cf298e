"""Home's keys as people expect them (r e s b , ? q), all on the footer at 80x24 in English and
Chinese, and a command palette in the learner's language."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fixed_clock import Clock
from textual.widgets import Footer
from textual.widgets._footer import FooterKey
from tui_support import FAKE_WORKER, TEST_DECKS, wait_for_decks

from dlprep.tui.app import DlprepApp
from dlprep.tui.screens.browse import BrowseScreen
from dlprep.tui.screens.home import HomeScreen
from dlprep.tui.screens.settings import SettingsScreen
from dlprep.tui.screens.stats import StatsScreen

pytestmark = pytest.mark.asyncio

HOME_KEYS = ["r", "e", "s", "b", "comma", "question_mark", "q", "l"]


def visible_footer_keys(app: DlprepApp) -> list[str]:
    """The footer keys drawn whole, left of the palette key and inside the screen."""
    footer = app.screen.query_one(Footer)
    keys = list(footer.query(FooterKey).results(FooterKey))
    palette = next(key for key in keys if key.has_class("-command-palette"))
    width = app.screen.size.width
    return [
        key.key
        for key in keys
        if key is not palette
        and key.region.width > 0
        and key.region.right <= palette.region.x
        and key.region.right <= width
    ]


@pytest.mark.parametrize("language", ["en", "zh"])
async def test_home_footer_shows_every_key_at_80x24(app: DlprepApp, language: str) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_decks(pilot)
        if language == "zh":
            await pilot.press("l")
        await pilot.pause()
        shown = visible_footer_keys(app)
        assert all(key in shown for key in HOME_KEYS), shown


async def test_question_mark_opens_and_closes_help(app: DlprepApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_decks(pilot)
        await pilot.press("question_mark")
        assert app.screen.query("HelpPanel")
        await pilot.press("question_mark")
        assert not app.screen.query("HelpPanel")


@pytest.mark.parametrize(
    ("key", "screen_class"),
    [("s", StatsScreen), ("b", BrowseScreen), ("comma", SettingsScreen)],
)
async def test_home_keys_open_their_screens(
    app: DlprepApp, key: str, screen_class: type[object]
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_decks(pilot)
        await pilot.press(key)
        assert isinstance(app.screen, screen_class)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


EXPECTED_TITLES = {
    "en": [
        "Review deck: ",
        "Open exercise: ",
        "Browse cards",
        "Stats",
        "Settings",
        "Export progress (JSON)",
        "Exercises",
        "Toggle language",
    ],
    "zh": [
        "复习卡组：",
        "打开练习：",
        "浏览卡片",
        "统计",
        "设置",
        "导出学习进度（JSON）",
        "编程练习",
        "切换语言",
    ],
}


@pytest.mark.parametrize("language", ["en", "zh"])
async def test_palette_titles_in_the_learners_language(
    make_app: Callable[..., DlprepApp], language: str
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_decks(pilot)
        if language == "zh":
            await pilot.press("l")
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for expected in EXPECTED_TITLES[language]:
            assert any(title.startswith(expected) for title in titles), (expected, titles)
        ours = [title for title in titles if title.startswith(("Review deck", "复习卡组"))]
        assert ours and all(title.startswith(EXPECTED_TITLES[language][0]) for title in ours)


async def test_palette_opens_an_exercise(clock: Clock) -> None:
    app = DlprepApp(deck_paths=[TEST_DECKS], now=clock, worker_command=FAKE_WORKER)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_decks(pilot)
        command = next(
            command
            for command in app.get_system_commands(app.screen)
            if command.title.startswith("Open exercise: ")
        )
        command.callback()
        await pilot.pause()
        assert type(app.screen).__name__ == "ExerciseScreen"

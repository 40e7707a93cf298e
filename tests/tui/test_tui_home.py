"""Pilot tests of the Home screen: deck list, today's progress, skipped decks, keys and clicks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.command import CommandList
from textual.widgets import DataTable, Static
from tui_support import BROKEN_DECKS, TEST_DECKS, notification_messages, started, table_rows

from dlprep.concepts.store import Store
from dlprep.tui.app import DlprepApp
from dlprep.tui.screens.home import HomeScreen
from dlprep.tui.screens.review import ReviewScreen

pytestmark = pytest.mark.asyncio


def figure(app: DlprepApp, key: str) -> str:
    return str(app.screen.query_one(f"#today-{key}", Static).render())


async def test_home_lists_each_deck_with_due_new_and_total(app: DlprepApp) -> None:
    async with started(app):
        assert isinstance(app.screen, HomeScreen)
        assert table_rows(app) == [["Optimisation", "0", "3", "3"], ["Tensors", "0", "2", "2"]]
        assert figure(app, "new_left").startswith("5")
        assert figure(app, "reviewed_today").startswith("0")
        assert not app.screen.query_one("#skipped").display


async def test_skipped_deck_is_listed_with_file_line_and_field(
    make_app: Callable[..., DlprepApp],
) -> None:
    app = make_app([TEST_DECKS, BROKEN_DECKS])
    async with started(app):
        skipped = app.screen.query_one("#skipped", Static)
        assert skipped.display
        text = str(skipped.render())
        assert "tui-broken.yaml" in text
        assert "type" in text
        assert len(table_rows(app)) == 2, "the good decks still load"
        assert any("tui-broken.yaml" in message for message in notification_messages(app))


async def test_r_reviews_all_decks(app: DlprepApp) -> None:
    async with started(app) as pilot:
        await pilot.press("r")
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.deck_id is None


async def test_enter_reviews_the_highlighted_deck(app: DlprepApp) -> None:
    async with started(app) as pilot:
        await pilot.press("down", "enter")
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.deck_id == "tui-tensors"
        assert app.screen.card is not None and app.screen.card.deck_id == "tui-tensors"


async def test_one_click_on_a_deck_reviews_it(app: DlprepApp) -> None:
    async with started(app) as pilot:
        table = app.screen.query_one("#decks", DataTable)
        second_row_y = 2  # the header is row 0 of the widget, then one line per deck
        assert await pilot.click(table, offset=(3, second_row_y))
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.deck_id == "tui-tensors"


async def test_l_cycles_language_and_remembers_it(app: DlprepApp) -> None:
    async with started(app) as pilot:
        await pilot.press("l")
        assert app.language == "zh"
        assert table_rows(app)[0][0] == "优化算法"
        assert "优化算法" in app.export_screenshot(), (
            "the whole title is drawn, not cut to the header width"
        )
        await pilot.press("l")
        assert app.language == "both"
        assert table_rows(app)[0][0] == "Optimisation · 优化算法"
    with Store.open() as store:
        assert store.load_settings().language == "both"


async def test_language_is_restored_on_the_next_start(make_app: Callable[..., DlprepApp]) -> None:
    first = make_app()
    async with started(first) as pilot:
        await pilot.press("l")
    second = make_app()
    async with started(second):
        assert second.language == "zh"
        assert table_rows(second)[1][0] == "张量"


async def test_q_quits(app: DlprepApp) -> None:
    async with started(app) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_question_mark_toggles_the_key_help(app: DlprepApp) -> None:
    async with started(app) as pilot:
        await pilot.press("question_mark")
        assert app.screen.query("HelpPanel")
        await pilot.press("question_mark")
        await pilot.pause()
        assert not app.screen.query("HelpPanel")


async def test_palette_offers_review_and_language(app: DlprepApp) -> None:
    async with started(app):
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Review all due" in titles
        assert "Review deck: Tensors" in titles
        assert "Toggle language" in titles


async def test_palette_command_starts_a_review(app: DlprepApp) -> None:
    async with started(app) as pilot:
        await pilot.press("ctrl+p", *"Review deck: Tensors")
        matches = app.screen.query_one(CommandList)
        for _ in range(500):
            if matches.option_count == 1:
                break
            await pilot.pause(0.01)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.deck_id == "tui-tensors"


@pytest.mark.asyncio
async def test_own_decks_and_a_pack_are_studied_beside_the_builtin_ones(
    isolated_dlprep_home: Path, tmp_path: Path
) -> None:
    from dlprep.concepts.sources import study_sources

    own = isolated_dlprep_home / "decks"
    own.mkdir()
    (own / "mine.yaml").write_text((TEST_DECKS / "tui-tensors.yaml").read_text("utf-8"), "utf-8")
    (own / "broken.yaml").write_text("deck: [", "utf-8")
    pack = tmp_path / "pack"
    (pack / "decks").mkdir(parents=True)
    (pack / "decks" / "p.yaml").write_text(
        (TEST_DECKS / "tui-optim.yaml").read_text("utf-8"), "utf-8"
    )
    app = DlprepApp(sources=study_sources(packs=[pack]))
    async with started(app):
        titles = [row[0] for row in table_rows(app)]
        assert "Tensors" in titles and "Optimisation" in titles
        assert len(titles) > 2, "the built-in decks too"
        assert "broken.yaml" in str(app.screen.query_one("#skipped").render())

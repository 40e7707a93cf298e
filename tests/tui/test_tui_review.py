"""Pilot tests of the Review screen: reveal, rate, undo, bury, suspend, language, done view, mouse."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import Button
from tui_support import markdown_source, notification_messages, started

from dlprep.concepts.model import Card
from dlprep.concepts.session import Rating, TodayProgress, format_interval
from dlprep.tui.app import DlprepApp
from dlprep.tui.screens.home import HomeScreen
from dlprep.tui.screens.review import ReviewScreen

pytestmark = pytest.mark.asyncio

FIRST_CARD = "tui-sgd-step"
SECOND_CARD = "tui-momentum-cloze::c1"


def review_screen(app: DlprepApp) -> ReviewScreen:
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


def shown_card_id(app: DlprepApp) -> str | None:
    card = review_screen(app).card
    return None if card is None else card.id


def visible(app: DlprepApp, selector: str) -> bool:
    return app.screen.query_one(selector).display


async def test_front_is_shown_and_back_hidden(app: DlprepApp) -> None:
    async with started(app) as pilot:
        await pilot.press("r")
        assert shown_card_id(app) == FIRST_CARD
        assert "minibatch SGD step" in markdown_source(app, "front")
        assert "```python" in markdown_source(app, "front")
        assert not visible(app, "#back")
        assert visible(app, "#show-answer")
        assert not visible(app, "#rate-3")


async def test_space_reveals_back_and_rating_intervals(app: DlprepApp) -> None:
    async with started(app) as pilot:
        await pilot.press("r", "space")
        screen = review_screen(app)
        assert visible(app, "#back")
        assert "clears the gradient" in markdown_source(app, "back")
        assert not visible(app, "#show-answer")
        assert screen.card is not None
        intervals = app.study.session.preview(screen.card)
        for rating in Rating:
            button = app.screen.query_one(f"#rate-{rating.value}", Button)
            assert button.display
            assert format_interval(intervals[rating]) in str(button.label)


async def test_keys_1_to_4_do_nothing_before_reveal(
    app: DlprepApp, saved_progress: Callable[[], TodayProgress]
) -> None:
    async with started(app) as pilot:
        await pilot.press("r", "3")
        assert shown_card_id(app) == FIRST_CARD
        assert saved_progress().reviewed == 0


@pytest.mark.parametrize("key", ["1", "2", "3", "4"])
async def test_rating_key_saves_the_review_and_shows_the_next_card(
    app: DlprepApp, saved_progress: Callable[[], TodayProgress], key: str
) -> None:
    async with started(app) as pilot:
        await pilot.press("r", "space", key)
        assert saved_progress().reviewed == 1
        assert shown_card_id(app) == SECOND_CARD
        assert not visible(app, "#back")


async def test_answer_time_is_passed_to_the_session(
    app: DlprepApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    durations: list[float] = []
    async with started(app) as pilot:
        session = app.study.session
        original_rate = session.rate

        def recording_rate(card: Card, rating: Rating, duration_s: float) -> None:
            durations.append(duration_s)
            original_rate(card, rating, duration_s)

        monkeypatch.setattr(session, "rate", recording_rate)
        await pilot.press("r", "space", "3")
    assert len(durations) == 1
    assert 0 <= durations[0] < 60


async def test_u_undoes_the_rating_and_shows_the_card_again(
    app: DlprepApp, saved_progress: Callable[[], TodayProgress]
) -> None:
    async with started(app) as pilot:
        await pilot.press("r", "space", "3")
        assert saved_progress().reviewed == 1
        await pilot.press("u")
        assert saved_progress().reviewed == 0
        assert shown_card_id(app) == FIRST_CARD
        assert not visible(app, "#back"), "the undone card starts again from its front"


async def test_u_with_nothing_to_undo_warns(app: DlprepApp) -> None:
    async with started(app) as pilot:
        await pilot.press("r", "u")
        assert shown_card_id(app) == FIRST_CARD
        assert "Nothing to undo." in notification_messages(app)


@pytest.mark.parametrize("key", ["minus"])
async def test_bury_hides_the_card_for_today(app: DlprepApp, key: str) -> None:
    async with started(app) as pilot:
        await pilot.press("r", key)
        assert shown_card_id(app) == SECOND_CARD
        assert app.study.session.next_card("tui-optim").id != FIRST_CARD
        await pilot.press("escape")
        assert app.study.session.progress().new == 4


@pytest.mark.parametrize("key", ["s", "at"])
async def test_suspend_takes_the_card_out_of_reviews(app: DlprepApp, key: str) -> None:
    async with started(app) as pilot:
        await pilot.press("r", "space", key)
        assert shown_card_id(app) == SECOND_CARD
        summary = next(s for s in app.study.session.deck_summaries() if s.deck.id == "tui-optim")
        assert summary.new == 2


async def test_l_switches_the_card_language_en_zh_both(app: DlprepApp) -> None:
    async with started(app) as pilot:
        await pilot.press("r", "space", "l")
        assert "小批量 SGD" in markdown_source(app, "front")
        assert "梯度清零" in markdown_source(app, "back")
        assert visible(app, "#back"), "the revealed answer stays revealed"
        assert "重来" in str(app.screen.query_one("#rate-1", Button).label)
        await pilot.press("l")
        assert "minibatch SGD step" in markdown_source(app, "front")
        assert "小批量 SGD" in markdown_source(app, "front")
        await pilot.press("l")
        assert "小批量 SGD" not in markdown_source(app, "front")


async def test_cloze_front_hides_the_deletion_and_back_shows_it(app: DlprepApp) -> None:
    async with started(app) as pilot:
        await pilot.press("r", "space", "3")
        assert shown_card_id(app) == SECOND_CARD
        assert "running average" not in markdown_source(app, "front")
        await pilot.press("space")
        assert "running average" in markdown_source(app, "back")


async def test_choice_card_lists_its_options(app: DlprepApp) -> None:
    async with started(app) as pilot:
        await pilot.press("r", "minus", "minus")
        assert shown_card_id(app) == "tui-adam-choice"
        front = markdown_source(app, "front")
        assert "Adam" in front and "Newton" in front


async def test_escape_returns_home_with_counts_refreshed(app: DlprepApp) -> None:
    async with started(app) as pilot:
        await pilot.press("enter", "space", "4", "escape")
        assert isinstance(app.screen, HomeScreen)
        rows = app.screen.query_one("#decks")
        assert str(rows.get_row_at(0)[2]) == "2"
        assert str(app.screen.query_one("#today-reviewed_today").render()).startswith("1")


async def test_done_view_when_the_deck_is_finished(app: DlprepApp) -> None:
    async with started(app) as pilot:
        await pilot.press("down", "enter", "space", "4", "space", "4")
        screen = review_screen(app)
        assert screen.card is None
        assert visible(app, "#done-view")
        assert not visible(app, "#answer-bar")
        assert "Reviewed today: 2" in str(app.screen.query_one("#done-message").render())
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_undo_from_the_done_view_brings_the_card_back(app: DlprepApp) -> None:
    async with started(app) as pilot:
        await pilot.press("down", "enter", "space", "4", "space", "4", "u")
        assert shown_card_id(app) == "tui-randn"
        assert visible(app, "#card-view")


async def test_mouse_reveal_rate_and_back(
    app: DlprepApp, saved_progress: Callable[[], TodayProgress]
) -> None:
    async with started(app) as pilot:
        await pilot.press("down", "enter")
        assert await pilot.click("#show-answer")
        assert visible(app, "#back")
        assert await pilot.click("#rate-4")
        assert saved_progress().reviewed == 1
        assert shown_card_id(app) == "tui-randn"
        await pilot.press("space", "4")
        assert await pilot.click("#back-home")
        assert isinstance(app.screen, HomeScreen)


async def test_review_palette_offers_card_actions(app: DlprepApp) -> None:
    async with started(app) as pilot:
        await pilot.press("r", "space")
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert {"Rate Good", "Undo", "Bury card", "Suspend card", "Back to decks"} <= set(titles)
        assert "Show answer" not in titles


async def test_rating_that_cannot_be_saved_is_reported_and_the_card_stays(app: DlprepApp) -> None:
    async with started(app) as pilot:
        await pilot.press("r", "space")
        app.learner.store.close()
        await pilot.press("3")
        assert shown_card_id(app) == FIRST_CARD
        assert visible(app, "#back"), "the learner can rate again once the store is back"
        assert any("database" in message for message in notification_messages(app))


async def test_undo_works_after_a_restart(make_app: Callable[..., DlprepApp]) -> None:
    first = make_app()
    async with started(first) as pilot:
        await pilot.press("r", "space", "3", "q")
    second = make_app()
    async with started(second) as pilot:
        await pilot.press("r", "u")
        assert shown_card_id(second) == FIRST_CARD

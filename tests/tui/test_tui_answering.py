"""Pilot tests of answering on the Review screen: choice picked by key or click, shape typed, cloze per deletion."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input
from tui_support import markdown_source, notification_messages, started

from dlprep.concepts.session import Rating
from dlprep.concepts.store import Store
from dlprep.tui.app import DlprepApp
from dlprep.tui.screens.review import ReviewScreen

pytestmark = pytest.mark.asyncio

ANSWER_DECKS = Path(__file__).parent / "answer_decks"


@pytest.fixture
def answer_app(make_app: Callable[..., DlprepApp]) -> DlprepApp:
    return make_app([ANSWER_DECKS])


def screen(app: DlprepApp) -> ReviewScreen:
    assert isinstance(app.screen, ReviewScreen)
    return app.screen


def letter_of_correct(app: DlprepApp) -> str:
    review = screen(app)
    assert review.card is not None
    return next(
        letter for letter, choice in review.card.shown_choices(review.order) if choice.correct
    )


def last_rating() -> Rating | None:
    with Store.open() as store:
        entry = store.last_review(store.card_records().keys())
        return None if entry is None else entry.rating


async def test_choice_options_are_shown_in_todays_order(answer_app: DlprepApp) -> None:
    async with started(answer_app) as pilot:
        await pilot.press("r")
        review = screen(answer_app)
        assert review.card is not None and review.card.id == "tui-answer-choice"
        assert sorted(review.order) == [0, 1, 2, 3]
        assert review.order == answer_app.study.session.choice_order(review.card)
        lines = [line for line in markdown_source(answer_app, "front").split("\n\n")[1:]]
        assert lines == [
            f"{letter}. {c.text.en}" for letter, c in review.card.shown_choices(review.order)
        ]
        assert answer_app.screen.query_one("#pick-d", Button).display
        assert not answer_app.screen.query_one("#pick-e", Button).display


async def test_a_right_pick_is_marked_and_suggests_good(answer_app: DlprepApp) -> None:
    async with started(answer_app) as pilot:
        await pilot.press("r")
        await pilot.press(letter_of_correct(answer_app).lower())
        assert screen(answer_app).revealed
        assert "✓ Right" in markdown_source(answer_app, "back")
        assert answer_app.screen.query_one("#rate-3", Button).has_class("suggested")
        await pilot.press("space")
        assert last_rating() == Rating.Good


async def test_a_wrong_pick_suggests_again_and_1_to_4_still_choose(answer_app: DlprepApp) -> None:
    async with started(answer_app) as pilot:
        await pilot.press("r")
        wrong = next(key for key in "abcd" if key.upper() != letter_of_correct(answer_app))
        await pilot.press(wrong)
        assert f"✗ Wrong · you picked {wrong.upper()}**" in markdown_source(answer_app, "back")
        assert answer_app.screen.query_one("#rate-1", Button).has_class("suggested")
        await pilot.press("2")
        assert last_rating() == Rating.Hard


async def test_an_option_is_picked_by_a_click(answer_app: DlprepApp) -> None:
    async with started(answer_app) as pilot:
        await pilot.press("r")
        correct = letter_of_correct(answer_app).lower()
        await pilot.click(f"#pick-{correct}")
        assert "✓ Right" in markdown_source(answer_app, "back")


async def test_undo_shows_the_same_order(answer_app: DlprepApp) -> None:
    async with started(answer_app) as pilot:
        await pilot.press("r")
        order = screen(answer_app).order
        await pilot.press("a", "space", "tab", "u")
        assert screen(answer_app).order == order


async def to_shape(pilot: Pilot[None], app: DlprepApp) -> None:
    await pilot.press("r", "a", "4")
    assert screen(app).card is not None and screen(app).card.id == "tui-answer-shape"


@pytest.mark.parametrize("typed", ["torch.Size([4, 32, 32, 3])", "(4, 32, 32, 3)", "[4,32,32,3]"])
async def test_a_typed_shape_is_checked(answer_app: DlprepApp, typed: str) -> None:
    async with started(answer_app) as pilot:
        await to_shape(pilot, answer_app)
        field = answer_app.screen.query_one("#shape-answer", Input)
        assert field.has_focus
        await pilot.press(*typed, "enter")
        assert "✓ Right" in markdown_source(answer_app, "back")
        await pilot.press("space")
        assert last_rating() == Rating.Good


async def test_a_wrong_shape_suggests_again(answer_app: DlprepApp) -> None:
    async with started(answer_app) as pilot:
        await to_shape(pilot, answer_app)
        await pilot.press(*"[4, 3, 32, 32]", "enter")
        assert "✗ Wrong · you typed `[4, 3, 32, 32]`** (space: Again)" in markdown_source(
            answer_app, "back"
        )
        assert answer_app.screen.query_one("#rate-1", Button).has_class("suggested")


async def test_an_unreadable_shape_is_reported_and_can_be_retyped(answer_app: DlprepApp) -> None:
    async with started(answer_app) as pilot:
        await to_shape(pilot, answer_app)
        await pilot.press(*"[4, 3", "enter")
        assert not screen(answer_app).revealed
        assert any("Could not read" in text for text in notification_messages(answer_app))


async def test_tab_reveals_a_shape_card_without_typing(answer_app: DlprepApp) -> None:
    async with started(answer_app) as pilot:
        await to_shape(pilot, answer_app)
        await pilot.press("tab")
        review = screen(answer_app)
        assert review.revealed and review.verdict is None
        assert "dims 1 and 3 swap" in markdown_source(answer_app, "back")
        assert not answer_app.screen.query_one("#rate-1", Button).has_class("suggested")
        await pilot.press("3")
        assert last_rating() == Rating.Good


async def test_cloze_deletions_are_studied_one_by_one(answer_app: DlprepApp) -> None:
    async with started(answer_app) as pilot:
        await to_shape(pilot, answer_app)
        await pilot.press("tab", "4")
        review = screen(answer_app)
        assert review.card is not None and review.card.id == "tui-answer-cloze::c1"
        front = markdown_source(answer_app, "front")
        assert "[formula]" in front and "input height n" in front, "c2 stays as context"
        await pilot.press("space", "4")
        assert review.card is None, "the c2 sibling is buried for today"

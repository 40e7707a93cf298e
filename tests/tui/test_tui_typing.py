"""Typing a shape answer: every printable key goes to the field, even the ones that are Review
bindings elsewhere (u undo, - bury, s suspend, a-f pick, l language, space reveal, 1-4 rate)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Footer, Input
from textual.widgets._footer import FooterKey
from tui_support import markdown_source, started

from dlprep.tui.app import DlprepApp
from dlprep.tui.screens.review import ReviewScreen

pytestmark = pytest.mark.asyncio

TYPING_DECKS = Path(__file__).parent / "typing_decks"
CHOICE_AND_TYPING = [Path(__file__).parent / "answer_decks", TYPING_DECKS]


@pytest.fixture
def typing_app(make_app: Callable[..., DlprepApp]) -> DlprepApp:
    return make_app([TYPING_DECKS])


def review(app: DlprepApp) -> ReviewScreen:
    assert isinstance(app.screen, ReviewScreen)
    return app.screen


async def to_card(pilot: Pilot[None], app: DlprepApp, card_id: str) -> Input:
    """Review until `card_id` is shown (skipping others with Tab and Good); its focused field."""
    await pilot.press("r")
    for _ in range(10):
        card = review(app).card
        assert card is not None, f"{card_id} never came"
        if card.id == card_id:
            field = app.screen.query_one("#shape-answer", Input)
            assert field.has_focus
            return field
        await pilot.press("tab", "3")
    raise AssertionError(f"{card_id} never came")


@pytest.mark.parametrize(
    ("card_id", "typed", "right"),
    [
        ("tui-typing-view", "torch.Size([4, -1])", False),
        ("tui-typing-view", "torch.Size([4, 8])", True),
        ("tui-typing-error", "RuntimeError", True),
        ("tui-typing-error", "ValueError", False),
        ("tui-typing-error", "builtins.RuntimeError", True),
        ("tui-typing-tuple", "(2, 3)", True),
        ("tui-typing-tuple", "(3, 2)", False),
    ],
)
async def test_typed_answer_reaches_the_field_and_is_judged(
    typing_app: DlprepApp, card_id: str, typed: str, right: bool
) -> None:
    async with started(typing_app) as pilot:
        field = await to_card(pilot, typing_app, card_id)
        await pilot.press(*typed)
        assert field.value == typed
        screen = review(typing_app)
        assert screen.card is not None and screen.card.id == card_id, "no key buried or undid"
        assert not screen.revealed and typing_app.language == "en"
        await pilot.press("enter")
        back = markdown_source(typing_app, "back")
        verdict = "✓ Right" if right else "✗ Wrong"
        assert f"**{verdict} · you typed `{typed}`**" in back
        assert screen.verdict is not None and screen.verdict.correct is right


async def test_every_review_key_is_typed_while_the_field_has_focus(typing_app: DlprepApp) -> None:
    async with started(typing_app) as pilot:
        field = await to_card(pilot, typing_app, "tui-typing-view")
        keys = "us-abcdefl1234 q?@"
        await pilot.press(*keys)
        assert field.value == keys
        screen = review(typing_app)
        assert screen.card is not None and screen.card.id == "tui-typing-view"
        assert not screen.revealed and typing_app.language == "en"
        assert not typing_app.screen.query("HelpPanel")


async def test_footer_leaves_out_the_typed_over_keys_while_typing(typing_app: DlprepApp) -> None:
    async with started(typing_app) as pilot:
        await to_card(pilot, typing_app, "tui-typing-view")
        await pilot.pause()

        def footer_actions() -> set[str]:
            footer = typing_app.screen.query_one(Footer)
            return {key.action for key in footer.query(FooterKey).results(FooterKey)}

        shown = footer_actions()
        assert not {"reveal", "undo", "bury", "suspend", "toggle_language"} & shown, shown
        assert "app.pop_screen" in shown and "toggle_help" in shown, "escape and f1 still work"
        await pilot.press("tab")  # revealed: the field is gone, the keys are bindings again
        await pilot.pause()
        assert {"undo", "bury", "suspend", "toggle_language"} <= footer_actions()


async def test_keys_are_bindings_again_once_the_field_is_gone(typing_app: DlprepApp) -> None:
    async with started(typing_app) as pilot:
        await pilot.press("r")
        first = review(typing_app).card
        assert first is not None
        await pilot.press("tab", "3")  # rated; the next card's field has focus
        await pilot.press("tab")  # revealed without typing: no field, so u undoes
        await pilot.press("u")
        screen = review(typing_app)
        assert screen.card is not None and screen.card.id == first.id
        field = typing_app.screen.query_one("#shape-answer", Input)
        assert field.has_focus and field.value == "", "the undone card is typed afresh"


async def test_choice_letters_pick_and_do_not_reach_a_later_field(
    make_app: Callable[..., DlprepApp],
) -> None:
    app = make_app(CHOICE_AND_TYPING)
    async with started(app) as pilot:
        await pilot.press("r")
        screen = review(app)
        assert screen.card is not None and screen.card.type == "choice"
        await pilot.press("b")
        assert screen.revealed and screen.verdict is not None
        await pilot.press("3")
        assert screen.card is not None and screen.card.type == "shape"
        field = app.screen.query_one("#shape-answer", Input)
        assert field.has_focus and field.value == ""
        await pilot.press(*"abcdef")
        assert field.value == "abcdef" and not screen.revealed

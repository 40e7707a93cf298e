"""Every built-in card renders on the Review screen: in en, zh and both, front and revealed back.

One app per deck (parametrized, so a failure names the deck; the message names the card). The
test drives the Review screen directly (`show_card`, then `action_reveal`) instead of rating
through the scheduler, which would stop at the daily new-card limit. The terminal is tall, so
the compositor lays out and renders whole cards, not only their first screenful.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Footer, Markdown
from textual.widgets.markdown import MarkdownBlock
from tui_support import wait_for_decks

from dlprep.concepts.decks import load_decks
from dlprep.concepts.model import Card
from dlprep.tui.app import DlprepApp
from dlprep.tui.labels import LANGUAGES
from dlprep.tui.screens.review import ReviewScreen

BUILTIN = load_decks()
TALL_TERMINAL = (100, 150)
CHOICE_LETTERS = "ABCDEFGH"
LARGEST_FIRST = [deck.id for deck in sorted(BUILTIN.decks, key=lambda deck: -len(deck.cards))]
"""Deck ids, the biggest decks first so that pytest-xdist workers finish together."""


def test_every_builtin_deck_loads() -> None:
    """A skipped deck would silently drop out of the per-deck test below."""
    assert not BUILTIN.skipped, BUILTIN.skipped
    assert not BUILTIN.problems, [str(problem) for problem in BUILTIN.problems]
    assert BUILTIN.decks


def shown_text(screen: ReviewScreen, widget_id: str) -> list[str]:
    """The rendered text of each block (paragraph, list item, code, ...) of `#front` or `#back`."""
    markdown = screen.query_one(f"#{widget_id}", Markdown)
    return [block._content.plain for block in markdown.query(MarkdownBlock) if block._content]


def assert_rendered(app: DlprepApp, where: str) -> None:
    """Textual keeps the first error raised while handling messages or rendering; there must be none."""
    assert app._exception is None, f"{where}: {app._exception!r}"


def assert_front(screen: ReviewScreen, card: Card, where: str) -> None:
    source = screen.query_one("#front", Markdown).source
    blocks = shown_text(screen, "front")
    assert source.strip() and blocks, f"{where}: empty front"
    if card.type == "cloze":
        assert "{{c" not in source and not any("{{c" in block for block in blocks), (
            f"{where}: raw cloze"
        )
    if card.type == "choice":
        for letter in CHOICE_LETTERS[: len(card.choices)]:
            assert any(block.startswith(f"{letter}. ") for block in blocks), (
                f"{where}: option {letter}"
            )
    assert screen.query_one("#show-answer", Button).display, f"{where}: no Show answer button"


def assert_back(screen: ReviewScreen, card: Card, where: str) -> None:
    assert screen.revealed, f"{where}: not revealed"
    assert screen.query_one("#back", Markdown).display, f"{where}: back hidden"
    assert shown_text(screen, "back"), f"{where}: empty back"
    assert screen.query_one("#rate-3", Button).display, f"{where}: no rating buttons"


@contextmanager
def naming(where: str) -> Iterator[None]:
    """Add the card (deck/id, type, language, side) to any error raised while it is shown."""
    try:
        yield
    except Exception as error:
        error.add_note(f"while showing {where}")
        raise


async def check_card(pilot: Pilot[None], screen: ReviewScreen, card: Card, language: str) -> None:
    """Show `card`'s front, then its back, letting the screen lay out and render each."""
    where = f"{card.deck_id}/{card.id} ({card.type}, {language})"
    with naming(f"{where} front"):
        await screen.show_card(card)
        await pilot.pause(0)
    assert_rendered(screen.dlprep, f"{where} front")
    assert_front(screen, card, where)
    with naming(f"{where} back"):
        await screen.action_reveal()
        await pilot.pause(0)
    assert_rendered(screen.dlprep, f"{where} back")
    assert_back(screen, card, where)


@pytest.mark.asyncio
@pytest.mark.parametrize("deck_id", LARGEST_FIRST)
async def test_every_card_renders(make_app: Callable[..., DlprepApp], deck_id: str) -> None:
    path = next(deck.path for deck in BUILTIN.decks if deck.id == deck_id)
    app = make_app([path])
    async with app.run_test(size=TALL_TERMINAL) as pilot:
        await wait_for_decks(pilot)
        (deck,) = app.study.decks.decks
        screen = ReviewScreen(deck.id)
        await app.push_screen(screen)
        await pilot.pause()
        await screen.query_one(
            Footer
        ).remove()  # it recomposes on every reveal; other tests cover it
        for language in LANGUAGES:
            app.language = language
            await pilot.pause()  # the screen redraws its card for the new language
            for card in deck.cards:
                await check_card(pilot, screen, card, language)
        assert not list(screen.query(Footer))

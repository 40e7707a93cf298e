"""The learner's keymap (`<data_dir>/keymap.yaml`): rebinding by binding id, and bad files rejected whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Button
from tui_support import notification_messages, started

from dlprep.paths import data_dir
from dlprep.tui.app import DlprepApp
from dlprep.tui.bindings import CHAINS, DEFAULT_BINDINGS
from dlprep.tui.keymap import KeymapError, check_clashes, keymap_path, load_keymap, parse_keymap
from dlprep.tui.screens.home import HomeScreen
from dlprep.tui.screens.review import ReviewScreen

FILE = Path("keymap.yaml")
DOC = Path(__file__).resolve().parents[2] / "docs" / "keymap.md"


def write_keymap(text: str) -> Path:
    path = keymap_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def revealed(app: DlprepApp) -> bool:
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    return screen.revealed


def notification_titles(app: DlprepApp) -> list[str]:
    return [notification.title for notification in app._notifications]


# --- the file format ---------------------------------------------------------------------------


def test_keymap_file_lives_in_the_data_dir() -> None:
    assert keymap_path() == data_dir() / "keymap.yaml"


def test_no_file_means_the_default_keys() -> None:
    assert load_keymap() == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("review.reveal: enter\n", {"review.reveal": "enter"}),
        ("keymap:\n  review.reveal: enter\n", {"review.reveal": "enter"}),  # Posting-style section
        ("review.rate-good: 3,g\n", {"review.rate-good": "3,g"}),
        ("review.rate-good: [g, 5]\n", {"review.rate-good": "g,5"}),
        (
            "review.rate-again: 3\nreview.rate-good: 1\n",
            {"review.rate-again": "3", "review.rate-good": "1"},
        ),
        ('app.help: "?"\n', {"app.help": "question_mark"}),
        ("# nothing rebound yet\n", {}),
    ],
)
def test_valid_keymaps(text: str, expected: dict[str, str]) -> None:
    assert parse_keymap(text, FILE) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("review.reveal: [enter\n", ["not valid YAML", "line 2"]),
        ("- review.reveal\n", ["must map binding ids to keys"]),
        ("review.revael: enter\n", ["unknown binding id 'review.revael'", "review.reveal"]),
        ('review.reveal: "ctrl+ r"\n', ["review.reveal", "'ctrl+ r' is not a key"]),
        ("review.reveal: yes\n", ["review.reveal", "True"]),
        ("review.reveal: l\n", ["review screen", "'l'", "review.reveal", "app.language"]),
        ("home.review-all: enter\n", ["home screen", "home.review-deck", "home.review-all"]),
        ("review.undo: down\n", ["card scrolling", "review.undo"]),
        ("app.language: ctrl+p\n", ["command_palette", "app.language"]),
    ],
)
def test_bad_keymaps_are_rejected_with_the_reason(text: str, words: list[str]) -> None:
    with pytest.raises(KeymapError) as raised:
        parse_keymap(text, FILE)
    for word in words:
        assert word in str(raised.value)
    assert str(FILE) in raised.value.text("zh")


def test_default_keys_never_clash() -> None:
    check_clashes({}, FILE)


def test_every_binding_has_an_id_and_is_reachable_on_a_screen() -> None:
    reachable = {binding.id for bindings, _reserved in CHAINS.values() for binding in bindings}
    assert set(DEFAULT_BINDINGS) == reachable
    assert all(
        binding_id.split(".")[0]
        in {
            "app",
            "home",
            "review",
            "settings",
            "browse",
            "stats",
            "custom",
            "exercises",
            "exercise",
        }
        for binding_id in DEFAULT_BINDINGS
    )


def test_docs_list_every_binding_id() -> None:
    table_ids = re.compile(r"^\| `([a-z-]+\.[a-z-]+)` \|", re.MULTILINE)
    documented = set(table_ids.findall(DOC.read_text(encoding="utf-8")))
    assert documented == set(DEFAULT_BINDINGS)


# --- in the app --------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_reveal_remapped_to_enter(app: DlprepApp) -> None:
    write_keymap("review.reveal: enter\n")
    async with started(app) as pilot:
        await pilot.press("r", "space")
        assert not revealed(app), "space no longer reveals"
        assert "⏎" in str(app.screen.query_one("#show-answer", Button).label)
        await pilot.press("enter")
        assert revealed(app)


@pytest.mark.asyncio
async def test_remapped_rating_key_rates_and_is_shown_on_its_button(app: DlprepApp) -> None:
    write_keymap("review.rate-good: g\n")
    async with started(app) as pilot:
        await pilot.press("r", "space")
        assert str(app.screen.query_one("#rate-3", Button).label).startswith("g ")
        card = app.screen.card if isinstance(app.screen, ReviewScreen) else None
        await pilot.press("3")
        assert revealed(app), "3 no longer rates"
        await pilot.press("g")
        assert isinstance(app.screen, ReviewScreen) and app.screen.card != card
        assert app.study.session.progress().reviewed == 1


@pytest.mark.asyncio
async def test_home_key_remapped(app: DlprepApp) -> None:
    write_keymap("keymap:\n  home.review-all: a\n")
    async with started(app) as pilot:
        await pilot.press("r")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("a")
        assert isinstance(app.screen, ReviewScreen)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "text", ["review.reveal: [enter\n", "review.revael: enter\n", "review.reveal: l\n"]
)
async def test_bad_file_is_reported_and_the_defaults_kept(app: DlprepApp, text: str) -> None:
    path = write_keymap(text)
    async with started(app) as pilot:
        assert app.keymap == {}
        assert "Keymap not loaded: default keys kept" in notification_titles(app)
        assert any(str(path) in message for message in notification_messages(app))
        await pilot.press("r", "space")
        assert revealed(app)


def test_unreadable_keymap_is_reported() -> None:
    keymap_path().mkdir(parents=True)
    with pytest.raises(KeymapError, match="cannot be read"):
        load_keymap()

"""Snapshots of answering on the Review screen: a choice picked, a shape typed (and mid-typing), a cloze deletion.

English and Chinese, each at 80x24 and 120x40, on tests/tui/answer_decks with the fixed clock. After a
deliberate change, review the diff and run with --snapshot-update.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tui_support import wait_for_decks

from dlprep.tui.app import DlprepApp

SnapCompare = Callable[..., bool]
ANSWER_DECKS = Path(__file__).parent / "answer_decks"
SIZES = [(80, 24), (120, 40)]
LANGUAGE_KEYS = {"en": [], "zh": ["l"]}


@pytest.fixture
def answer_app(make_app: Callable[..., DlprepApp]) -> DlprepApp:
    return make_app([ANSWER_DECKS])


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("language", ["en", "zh"])
def test_choice_answered_snapshot(
    snap_compare: SnapCompare, answer_app: DlprepApp, language: str, size: tuple[int, int]
) -> None:
    keys = [*LANGUAGE_KEYS[language], "r", "b"]
    assert snap_compare(answer_app, press=keys, terminal_size=size, run_before=wait_for_decks)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("language", ["en", "zh"])
def test_shape_typed_snapshot(
    snap_compare: SnapCompare, answer_app: DlprepApp, language: str, size: tuple[int, int]
) -> None:
    keys = [*LANGUAGE_KEYS[language], "r", "a", "4", *"(4, 32, 32, 3)", "enter"]
    assert snap_compare(answer_app, press=keys, terminal_size=size, run_before=wait_for_decks)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("language", ["en", "zh"])
def test_cloze_deletion_snapshot(
    snap_compare: SnapCompare, answer_app: DlprepApp, language: str, size: tuple[int, int]
) -> None:
    keys = [*LANGUAGE_KEYS[language], "r", "a", "4", "tab", "4"]
    assert snap_compare(answer_app, press=keys, terminal_size=size, run_before=wait_for_decks)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("language", ["en", "zh"])
def test_shape_typing_snapshot(
    snap_compare: SnapCompare, answer_app: DlprepApp, language: str, size: tuple[int, int]
) -> None:
    """Mid-typing: the field holds what was typed, the footer dims the keys it takes over."""
    keys = [*LANGUAGE_KEYS[language], "r", "a", "4", *"torch.Size([4, -1])"]
    assert snap_compare(answer_app, press=keys, terminal_size=size, run_before=wait_for_decks)

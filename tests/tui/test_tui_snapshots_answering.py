"""Snapshots of answering on the Review screen: a choice picked, a shape typed, a cloze deletion.

English at 80x24 and Chinese at 120x40, on tests/tui/answer_decks with the fixed clock. After a
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
SIZES = {"en": (80, 24), "zh": (120, 40)}
LANGUAGE_KEYS = {"en": [], "zh": ["l"]}


@pytest.fixture
def answer_app(make_app: Callable[..., DlprepApp]) -> DlprepApp:
    return make_app([ANSWER_DECKS])


@pytest.mark.parametrize("language", ["en", "zh"])
def test_choice_answered_snapshot(
    snap_compare: SnapCompare, answer_app: DlprepApp, language: str
) -> None:
    keys = [*LANGUAGE_KEYS[language], "r", "b"]
    assert snap_compare(
        answer_app, press=keys, terminal_size=SIZES[language], run_before=wait_for_decks
    )


@pytest.mark.parametrize("language", ["en", "zh"])
def test_shape_typed_snapshot(
    snap_compare: SnapCompare, answer_app: DlprepApp, language: str
) -> None:
    keys = [*LANGUAGE_KEYS[language], "r", "a", "4", *"(4, 32, 32, 3)", "enter"]
    assert snap_compare(
        answer_app, press=keys, terminal_size=SIZES[language], run_before=wait_for_decks
    )


@pytest.mark.parametrize("language", ["en", "zh"])
def test_cloze_deletion_snapshot(
    snap_compare: SnapCompare, answer_app: DlprepApp, language: str
) -> None:
    keys = [*LANGUAGE_KEYS[language], "r", "a", "4", "tab", "4"]
    assert snap_compare(
        answer_app, press=keys, terminal_size=SIZES[language], run_before=wait_for_decks
    )

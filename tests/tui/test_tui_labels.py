"""The interface words and the language cycle of the TUI."""

from __future__ import annotations

import pytest

from dlprep.concepts.model import Text
from dlprep.tui.labels import inline_text, label, next_language


@pytest.mark.parametrize(
    ("current", "following"), [("en", "zh"), ("zh", "both"), ("both", "en"), ("fr", "en")]
)
def test_language_cycle(current: str, following: str) -> None:
    assert next_language(current) == following


def test_label_in_each_language() -> None:
    assert label("again", "en") == "Again"
    assert label("again", "zh") == "重来"
    assert label("again", "both") == "Again 重来"


def test_inline_text_keeps_both_languages_on_one_line() -> None:
    title = Text(en="Tensors", zh="张量")
    assert inline_text(title, "zh") == "张量"
    assert inline_text(title, "both") == "Tensors · 张量"

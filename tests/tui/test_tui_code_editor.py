"""Pilot tests of the exercise editor's auto-indent (tui/widgets/code_editor.py)."""

from __future__ import annotations

import pytest
from fixed_clock import Clock
from textual import events
from textual.app import App, ComposeResult
from textual.widgets import TextArea
from tui_support import FAKE_WORKER, TEST_DECKS, wait_for_decks

from dlprep.tui.app import DlprepApp
from dlprep.tui.widgets.code_editor import CodeEditor, code_part, next_indent


class EditorApp(App[None]):
    def compose(self) -> ComposeResult:
        yield CodeEditor.code_editor(language="python", soft_wrap=False)


async def typed(*lines: str) -> tuple[EditorApp, str]:
    """Type `lines`, each followed by enter, into an empty editor; the app and its text."""
    app = EditorApp()
    async with app.run_test() as pilot:
        for line in lines:
            await pilot.press(*line, "enter")
        await pilot.pause()
        return app, app.query_one(CodeEditor).text


def test_code_part_drops_comments_but_not_hashes_in_strings() -> None:
    assert code_part("if x:  # why") == "if x:  "
    assert code_part("s = '#:'  # c") == "s = '#:'  "
    assert code_part('s = "a\\"#"') == 's = "a\\"#"'
    assert code_part('d = """#""" # c') == 'd = """#""" '


def test_next_indent() -> None:
    assert next_indent("def f(x):") == "    "
    assert next_indent("    if x:   # a comment") == " " * 8
    assert next_indent("    y = {'a:': 1}  # ends with ':'") == "    "
    assert next_indent("        return y") == "    "
    assert next_indent("    pass") == ""
    assert next_indent("    returned = 1") == "    "
    assert next_indent("return") == ""


@pytest.mark.asyncio
async def test_enter_after_a_colon_indents_one_level() -> None:
    _, text = await typed("def f(x):")
    assert text == "def f(x):\n    "


@pytest.mark.asyncio
async def test_a_nested_block_keeps_its_level_and_return_dedents() -> None:
    _, text = await typed("def f(x):", "for i in x:", "if i:  # odd", "y = i", "return y")
    assert text.split("\n") == [
        "def f(x):",
        "    for i in x:",
        "        if i:  # odd",
        "            y = i",
        "            return y",
        "        ",
    ]


@pytest.mark.asyncio
async def test_backspace_in_the_indentation_removes_one_level() -> None:
    app = EditorApp()
    async with app.run_test() as pilot:
        await pilot.press(*"def f(x):", "enter", *"if x:", "enter")
        editor = app.query_one(CodeEditor)
        assert editor.cursor_location == (2, 8)
        await pilot.press("backspace")
        assert editor.cursor_location == (2, 4)
        await pilot.press(*"y = 1", "backspace")  # not in the indentation: one character
        assert editor.document[2] == "    y = "


@pytest.mark.asyncio
async def test_one_undo_removes_the_newline_with_its_indent_and_redo_restores_it() -> None:
    app = EditorApp()
    async with app.run_test() as pilot:
        await pilot.press(*"def f(x):")
        await pilot.pause()
        editor = app.query_one(CodeEditor)
        editor.history.checkpoint()  # as a pause in typing would
        await pilot.press("enter")
        assert editor.text == "def f(x):\n    "
        await pilot.press("ctrl+z")
        assert editor.text == "def f(x):"
        await pilot.press("ctrl+y")
        assert editor.text == "def f(x):\n    "


@pytest.mark.asyncio
async def test_pasted_text_is_not_reindented() -> None:
    pasted = "if a:\nb = 1\n  c = 2\n"
    app = EditorApp()
    async with app.run_test() as pilot:
        await pilot.press(*"def f():", "enter")
        editor = app.query_one(CodeEditor)
        app.post_message(events.Paste(pasted))  # as the terminal delivers it
        await pilot.pause()
        assert editor.text == "def f():\n    " + pasted


@pytest.mark.asyncio
async def test_the_exercise_view_edits_with_auto_indent(clock: Clock) -> None:
    app = DlprepApp(deck_paths=[TEST_DECKS], now=clock, worker_command=FAKE_WORKER)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_decks(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*"dropout_layer", "enter")
        await pilot.pause(0.2)
        editor = app.screen.query_one(TextArea)
        assert isinstance(editor, CodeEditor)
        editor.load_text("")
        await pilot.press(*"def dropout_layer(X, dropout):", "enter", *"return X")
        assert editor.text == "def dropout_layer(X, dropout):\n    return X"

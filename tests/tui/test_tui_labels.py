"""The interface words and the language cycle of the TUI: labels, the footer, notifications."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from textual.widgets import Static
from tui_support import notification_messages, started

from dlprep.concepts.model import Text
from dlprep.concepts.store import Store
from dlprep.tui.app import DlprepApp
from dlprep.tui.bindings import DEFAULT_BINDINGS
from dlprep.tui.keymap import keymap_path
from dlprep.tui.labels import inline_text, label, message, next_language

CJK = re.compile(r"[\u4e00-\u9fff]")


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


def test_every_binding_is_described_in_both_languages() -> None:
    for binding_id, binding in DEFAULT_BINDINGS.items():
        assert binding.description == label(binding_id, "en")
        assert CJK.search(label(binding_id, "zh")), binding_id


def test_message_fills_placeholders_in_each_language() -> None:
    assert message("buried", "en", card="c1") == "Buried until tomorrow: c1"
    assert message("buried", "zh", card="c1") == "已搁置到明天：c1"
    assert message("buried", "both", card="c1") == "Buried until tomorrow: c1 已搁置到明天：c1"


# --- the running app ---------------------------------------------------------------------------


def footer_descriptions(app: DlprepApp) -> set[str]:
    """The descriptions the footer shows (bindings with show=True, and the command palette)."""
    active = app.screen.active_bindings.values()
    return {
        entry.binding.description
        for entry in active
        if entry.binding.show or entry.binding.priority
    }


@pytest.mark.asyncio
async def test_footer_follows_the_language(app: DlprepApp) -> None:
    async with started(app) as pilot:
        english = {"Review", "Quit", "Lang", "Help", "menu"}
        assert english <= footer_descriptions(app)
        await pilot.press("l")
        assert {"复习", "退出", "语言", "帮助", "命令"} <= footer_descriptions(app)
        await pilot.press("r")
        assert {"显示答案", "撤销", "搁置", "暂停", "主页", "语言"} <= footer_descriptions(app)
        await pilot.press("l")
        assert "显示答案" in footer_descriptions(app), "both: the footer has room for Chinese only"
        await pilot.press("l")
        assert {"Show answer", "Undo", "Bury", "Suspend", "Home"} <= footer_descriptions(app)


@pytest.mark.asyncio
async def test_notifications_and_status_in_chinese(app: DlprepApp) -> None:
    async with started(app) as pilot:
        await pilot.press("l", "r", "u")
        assert "没有可撤销的评分。" in notification_messages(app)
        await pilot.press("minus")
        status = str(app.screen.query_one("#status", Static).render())
        assert status == "已搁置到明天：tui-sgd-step"


@pytest.mark.asyncio
async def test_keymap_problem_is_reported_in_the_saved_language(app: DlprepApp) -> None:
    with Store.open() as store:
        store.save_settings(replace(store.load_settings(), language="zh"))
    keymap_path().parent.mkdir(parents=True, exist_ok=True)
    keymap_path().write_text("review.revael: enter\n", encoding="utf-8")
    async with started(app):
        (notification,) = list(app._notifications)
        assert notification.title == "快捷键配置未加载，仍用默认按键"
        assert "未知的绑定 id 'review.revael'" in notification.message

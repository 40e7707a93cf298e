"""The TUI's own words (headings, buttons, messages) in English and Chinese.

Card text comes from the decks; this module only translates the interface around it, following
the learner's language setting: "en", "zh" or "both" (English and Chinese side by side).
"""

from __future__ import annotations

from dlprep.concepts.model import Text

LANGUAGES: tuple[str, ...] = ("en", "zh", "both")

_LABELS: dict[str, tuple[str, str]] = {
    "deck": ("Deck", "卡组"),
    "due": ("Due", "到期"),
    "new": ("New", "新卡"),
    "total": ("Total", "总数"),
    "reviewed_today": ("Reviewed today", "今日已复习"),
    "due_left": ("Due left", "待复习"),
    "new_left": ("New left", "待学新卡"),
    "streak": ("Streak (days)", "连续天数"),
    "home": ("Home", "主页"),
    "decks": ("Decks", "卡组列表"),
    "loading": ("Loading decks…", "正在加载卡组……"),
    "skipped": ("Skipped decks (fix the file and restart)", "未能加载的卡组（修改文件后重启）"),
    "all_decks": ("All decks", "全部卡组"),
    "show_answer": ("Show answer", "显示答案"),
    "again": ("Again", "重来"),
    "hard": ("Hard", "困难"),
    "good": ("Good", "良好"),
    "easy": ("Easy", "简单"),
    "done_title": ("Done for today!", "今日任务完成！"),
    "done_hint": ("Press escape to go back to your decks.", "按 Esc 返回卡组列表。"),
    "back_home": ("Back to decks", "返回卡组"),
    "leech": ("leech: consider rewriting or suspending it", "难记卡片：考虑改写或暂停"),
    "review_all": ("Review all due", "复习全部到期卡片"),
}


def label(key: str, language: str) -> str:
    """The interface word `key` in `language`; "both" joins English and Chinese with a space."""
    english, chinese = _LABELS[key]
    if language == "en":
        return english
    if language == "zh":
        return chinese
    return f"{english} {chinese}"


def inline_text(text: Text, language: str) -> str:
    """A one-line rendering of bilingual card or deck text (for titles in tables and headers)."""
    if language == "both":
        return f"{text.en} · {text.zh}"
    return text.in_language(language)


def next_language(language: str) -> str:
    """The language after `language` in the cycle en → zh → both → en."""
    position = LANGUAGES.index(language) if language in LANGUAGES else -1
    return LANGUAGES[(position + 1) % len(LANGUAGES)]

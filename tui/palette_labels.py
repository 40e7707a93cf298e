"""The command palette's words in English and Chinese: titles "palette.<name>", help "palette.<name>-help".

Kept apart from labels.py (which merges them into its table) so neither module outgrows a page.
"""

from __future__ import annotations

PALETTE_LABELS: dict[str, tuple[str, str]] = {
    "palette.language": ("Toggle language", "切换语言"),
    "palette.language-help": (
        "Switch cards between English, Chinese and both",
        "在英文、中文和双语之间切换",
    ),
    "palette.ahead": ("Review ahead (7 days)", "提前复习（7 天）"),
    "palette.ahead-help": ("Review cards due in the next 7 days", "复习未来 7 天内到期的卡片"),
    "palette.more-new": ("10 more new cards today", "今天再学 10 张新卡"),
    "palette.more-new-help": ("Raise today's new-card limit by 10", "把今天的新卡上限提高 10 张"),
    "palette.cram-deck": ("Cram deck: {deck}", "突击复习卡组：{deck}"),
    "palette.cram-deck-help": (
        "Every card of the deck; the schedule is not changed",
        "复习该卡组全部卡片，不改变复习计划",
    ),
    "palette.custom": ("Custom study", "自定义学习"),
    "palette.custom-help": (
        "Review ahead, more new cards, cram a deck or tag",
        "提前复习、增加新卡、突击复习卡组或标签",
    ),
    "palette.review-all": ("Review all due", "复习全部到期卡片"),
    "palette.review-all-help": (
        "Review every card due today, across all decks",
        "复习所有卡组中今天到期的卡片",
    ),
    "palette.review-deck": ("Review deck: {deck}", "复习卡组：{deck}"),
    "palette.review-deck-help": ("due {due}, new {new}", "到期 {due}，新卡 {new}"),
    "palette.browse": ("Browse cards", "浏览卡片"),
    "palette.browse-help": (
        "Search, suspend, bury, reset cards; see their history",
        "搜索、暂停、搁置、重置卡片，查看复习历史",
    ),
    "palette.stats": ("Stats", "统计"),
    "palette.stats-help": (
        "Reviews per day, retention, forecast, streak, hardest cards",
        "每日复习、保持率、预测、连续天数、最难卡片",
    ),
    "palette.settings": ("Settings", "设置"),
    "palette.settings-help": (
        "Language, retention, limits, steps, theme",
        "语言、保持率、上限、步长、主题",
    ),
    "palette.export": ("Export progress (JSON)", "导出学习进度（JSON）"),
    "palette.export-help": (
        "Save all progress, attempts and settings to {path}",
        "将全部进度、作答记录和设置保存到 {path}",
    ),
    "palette.exercises": ("Exercises", "编程练习"),
    "palette.exercises-help": (
        "Write and submit coding exercises",
        "编写并提交编程练习",
    ),
    "palette.due-exercises": ("Due exercises", "到期练习"),
    "palette.due-exercises-help": ("The exercises due again today", "今天到期需再做的练习"),
    "palette.open-exercise": ("Open exercise: {title}", "打开练习：{title}"),
    "palette.open-exercise-help": ("{id} · {status}", "{id} · {status}"),
    # Review screen.
    "palette.show-answer": ("Show answer", "显示答案"),
    "palette.show-answer-help": ("Reveal the back of the card", "显示卡片背面"),
    "palette.rate": ("Rate {rating}", "评分：{rating}"),
    "palette.rate-help": ("Rate the card {rating} ({key})", "将卡片评为{rating}（{key}）"),
    "palette.undo": ("Undo", "撤销"),
    "palette.undo-help": ("Take back the last rating", "撤销上一次评分"),
    "palette.bury": ("Bury card", "搁置卡片"),
    "palette.bury-help": ("Hide this card until tomorrow", "把这张卡片搁置到明天"),
    "palette.suspend": ("Suspend card", "暂停卡片"),
    "palette.suspend-help": ("Stop reviewing this card", "停止复习这张卡片"),
    "palette.back-home": ("Back to decks", "返回卡组"),
    "palette.back-home-help": ("Return to the Home screen", "返回主页"),
}

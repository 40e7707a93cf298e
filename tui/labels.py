"""The TUI's own words (headings, buttons, key descriptions, notifications) in English and Chinese.

Card text comes from the decks; this module only translates the interface around it, following
the learner's language setting: "en", "zh" or "both" (English and Chinese side by side).
"""

from __future__ import annotations

from dlprep.concepts.model import LANGUAGES, Text
from dlprep.tui.palette_labels import PALETTE_LABELS

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
    "decks": ("Decks (⏎ reviews the selected one)", "卡组列表（⏎ 复习所选卡组）"),
    "loading": ("Loading decks…", "正在加载卡组……"),
    "skipped": ("Skipped decks (fix the file and restart)", "未能加载的卡组（修改文件后重启）"),
    "all_decks": ("All decks", "全部卡组"),
    "show_answer": ("Show answer", "显示答案"),
    "again": ("Again", "重来"),
    "hard": ("Hard", "困难"),
    "good": ("Good", "良好"),
    "easy": ("Easy", "简单"),
    "done_title": ("Done for today!", "今日任务完成！"),
    "done_hint": ("Press {key} to go back to your decks.", "按 {key} 返回卡组列表。"),
    "back_home": ("Back to decks", "返回卡组"),
    "leech": ("leech: consider rewriting or suspending it", "难记卡片：考虑改写或暂停"),
    "review_all": ("Review all due", "复习全部到期卡片"),
    # Exercises (screens/exercises.py, screens/exercise.py).
    "exercises": ("Exercises", "编程练习"),
    "exercises_due": ("Exercises due", "到期练习"),
    "filter_placeholder": ("Type to filter: id, title, tag", "输入以筛选：id、标题、标签"),
    "col_id": ("Exercise", "练习"),
    "col_title": ("Title", "标题"),
    "col_status": ("Status", "状态"),
    "col_kind": ("Kind", "类型"),
    "col_difficulty": ("Level", "难度"),
    "col_tags": ("Tags", "标签"),
    "col_best": ("Best", "最高分"),
    "status_new": ("new", "未做"),
    "status_attempted": ("attempted", "尝试过"),
    "status_passed": ("passed", "已通过"),
    "status_due": ("due again", "到期复习"),
    "tab_prompt": ("Prompt", "题目"),
    "tab_results": ("Results", "结果"),
    "tab_history": ("History", "历史"),
    "col_points": ("Points", "得分"),
    "col_test": ("Test", "测试"),
    "col_message": ("Message", "信息"),
    "col_when": ("When", "时间"),
    "col_score": ("Score", "分数"),
    "col_rating": ("Rating", "评分"),
    "no_results": (
        "Press {submit} to submit, {run} to run the worked example.",
        "按 {submit} 提交，按 {run} 运行示例。",
    ),
    "grading": (
        "Grading… {elapsed} s ({cancel} cancels)",
        "评分中…… {elapsed} 秒（{cancel} 取消）",
    ),
    "running": (
        "Running the worked example… {elapsed} s ({cancel} cancels)",
        "运行示例中…… {elapsed} 秒（{cancel} 取消）",
    ),
    "training_progress": ("epoch {epoch} · loss {loss}", "第 {epoch} 轮 · 损失 {loss}"),
    "starting_worker": ("Starting the grader…", "正在启动评分器……"),
    "score_line": (
        "Score {score}/{max} · {passed} · {seconds} s",
        "得分 {score}/{max} · {passed} · {seconds} 秒",
    ),
    "all_passed": ("all tests passed", "全部通过"),
    "some_failed": ("{failed} of {total} tests failed", "{total} 个测试中 {failed} 个未通过"),
    "grouped": ("{count} tests: {message}", "{count} 个测试：{message}"),
    "card_due_again": (
        "failed {test} → card `{card}` is due again",
        "未通过 {test} → 卡片 `{card}` 重新到期",
    ),
    "suggested_rating": (
        "Rating: {rating} (suggested) — 1-4 to change, enter to keep",
        "评分：{rating}（建议）—— 按 1-4 修改，回车确认",
    ),
    "rating_committed": ("Rated {rating}; next review {due}", "已评为{rating}；下次复习 {due}"),
    "cancelled": (
        "Cancelled: the grader was stopped; it restarts on the next submission.",
        "已取消：评分器已停止，下次提交时会重新启动。",
    ),
    "worker_crashed": (
        "The grader stopped while grading ({detail}); it restarts on the next submission.",
        "评分器在评分时停止（{detail}）；下次提交时会重新启动。",
    ),
    "worker_hung": (
        "The grader did not answer ({detail}) and was stopped; it restarts on the next submission.",
        "评分器无响应（{detail}），已停止；下次提交时会重新启动。",
    ),
    "worker_too_large": (
        "The grader's reply was too large ({detail}) and was discarded; it restarts on the next submission.",
        "评分器的回复过大（{detail}），已丢弃；下次提交时会重新启动。",
    ),
    "worker_error": ("The grader could not run this: {detail}", "评分器无法运行：{detail}"),
    "worker_restarted": ("(The grader was restarted: {detail}.)", "（评分器已重启：{detail}。）"),
    "example_output": ("Worked example output", "示例输出"),
    "example_raised": ("Your code raised", "你的代码抛出了异常"),
    "no_example": (
        "This exercise's prompt has no runnable worked example.",
        "此练习的题目没有可运行的示例。",
    ),
    "reset_confirm": (
        "Reset to the starter code? Your draft will be lost. (y / n)",
        "重置为初始代码？草稿将丢失。（y / n）",
    ),
    "reset_done": ("Reset to the starter code.", "已重置为初始代码。"),
    "draft_not_saved": ("Draft not saved", "草稿未保存"),
    "editor_failed": ("The editor could not be started: {detail}", "无法启动编辑器：{detail}"),
    "attempt_header": ("Attempt {number} · {when}", "第 {number} 次尝试 · {when}"),
    "too_small": (
        "Please enlarge the terminal to at least {width}x{height} (now {now}).",
        "请把终端放大到至少 {width}x{height}（当前 {now}）。",
    ),
    "other_instance": (
        "Another dlprep is open on this study data; changes made in both may overwrite each other's drafts.",
        "另一个 dlprep 正在使用同一份学习数据；两边的草稿修改可能互相覆盖。",
    ),
    "exercise.run": ("Run example", "运行示例"),
    "exercise.submit": ("Submit", "提交"),
    "exercise.editor": ("$EDITOR", "外部编辑器"),
    "exercise.reset": ("Reset", "重置"),
    "exercise.language": ("Language", "语言"),
    "exercise.prompt": ("Prompt", "题目"),
    "exercise.results": ("Results", "结果"),
    "exercise.history": ("History", "历史"),
    "exercise.back": ("Back / cancel", "返回/取消"),
    "exercise.compare": ("Compare with the reference", "与参考解对照"),
    "compare_hint": (
        "All tests passed: {key} shows your code beside the reference.",
        "全部测试通过：按 {key} 与参考解对照。",
    ),
    "compare_mine": ("Your code", "你的代码"),
    "compare_reference": ("Reference solution", "参考解"),
    "compare_locked": (
        "The reference is shown once an attempt passes every test.",
        "有一次提交通过全部测试后才显示参考解。",
    ),
    "exercise.keep-rating": ("Keep rating", "确认评分"),
    "exercise.rate-again": ("Again", "重来"),
    "exercise.rate-hard": ("Hard", "困难"),
    "exercise.rate-good": ("Good", "良好"),
    "exercise.rate-easy": ("Easy", "简单"),
    "exercises.back": ("Home", "主页"),
    "exercises.open": ("Open", "打开"),
    "home.exercises": ("Exercises", "练习"),
    "home.due-exercises": ("Due exercises", "到期练习"),
    # Key bindings (footer and key panel), by binding id: see bindings.py.
    "app.language": ("Lang", "语言"),  # short: the Home footer holds 8 keys at 80 columns
    "app.help": ("Help", "帮助"),
    "home.review-all": ("Review", "复习"),
    "home.quit": ("Quit", "退出"),
    "home.stats": ("Stats", "统计"),
    "home.browse": ("Browse", "浏览"),
    "home.settings": ("Settings", "设置"),
    "settings.home": ("Home", "主页"),
    "home.review-deck": ("Review deck", "复习卡组"),
    "review.reveal": ("Show answer", "显示答案"),
    "review.rate-again": ("Again", "重来"),
    "review.rate-hard": ("Hard", "困难"),
    "review.rate-good": ("Good", "良好"),
    "review.rate-easy": ("Easy", "简单"),
    "review.pick-a": ("Answer A", "选 A"),
    "review.pick-b": ("Answer B", "选 B"),
    "review.pick-c": ("Answer C", "选 C"),
    "review.pick-d": ("Answer D", "选 D"),
    "review.pick-e": ("Answer E", "选 E"),
    "review.pick-f": ("Answer F", "选 F"),
    "review.skip-typing": ("Reveal without typing", "不输入，直接显示答案"),
    "review.undo": ("Undo", "撤销"),
    "review.bury": ("Bury", "搁置"),
    "review.suspend": ("Suspend", "暂停"),
    "review.home": ("Home", "主页"),
    "palette": ("menu", "命令"),  # short: the Home footer holds 8 keys at 80 columns
    # Custom study (screens/custom_study.py).
    "home.custom-study": ("Custom study", "自定义学习"),
    "custom.home": ("Home", "主页"),
    "custom": ("Custom study", "自定义学习"),
    "custom.ahead": ("Review ahead: cards due in the next N days", "提前复习：未来 N 天到期的卡片"),
    "custom.ahead-go": ("Review ahead", "提前复习"),
    "custom.ahead-title": ("Review ahead ({days} days)", "提前复习（{days} 天）"),
    "custom.more-new": ("N more new cards today", "今天再学 N 张新卡"),
    "custom.more-new-go": ("Add", "增加"),
    "custom.more-new-done": ("{count} more new cards today", "今天可以多学 {count} 张新卡"),
    "custom.cram": (
        "Cram a deck or tag (the schedule is not changed)",
        "突击复习卡组或标签（不改变复习计划）",
    ),
    "custom.cram-go": ("Cram", "突击复习"),
    "custom.cram-placeholder": ("deck id, or tag:NAME", "卡组 id，或 tag:标签"),
    "custom.cram-title": ("Cram: {target} (not scheduled)", "突击复习：{target}（不计入计划）"),
    "custom.cram-unknown": (
        "no deck {target!r}: use a deck id ({decks}) or tag:NAME",
        "没有卡组 {target!r}：请输入卡组 id（{decks}）或 tag:标签",
    ),
    "custom.cram-empty": ("no cards to cram in {target}", "{target} 中没有可复习的卡片"),
    # Stats screen (screens/stats.py).
    "stats": ("Stats", "统计"),
    "stats.home": ("Home", "主页"),
    "stats.summary": (
        "Streak: {streak} day(s) · {total} reviews on {days} day(s) in the last year",
        "连续学习 {streak} 天 · 过去一年共 {days} 天复习 {total} 次",
    ),
    "stats.heatmap": ("Reviews per day (last year)", "每日复习次数（过去一年）"),
    "stats.less": ("less", "少"),
    "stats.more": ("more", "多"),
    "stats.retention": ("True retention (last 30 days)", "真实保持率（过去 30 天）"),
    "stats.all-cards": ("All cards", "全部卡片"),
    "stats.exercises": ("Exercises", "练习"),
    "stats.forecast": ("Due per day (next 30 days)", "每日到期（未来 30 天）"),
    "stats.forecast-axis": (
        "today → +{days} days · peak {peak} cards",
        "今天 → {days} 天后 · 最多 {peak} 张",
    ),
    "stats.time": ("Time per day (last 30 days)", "每日学习时间（过去 30 天）"),
    "stats.time-axis": (
        "-{days} days → today · peak {peak} min",
        "{days} 天前 → 今天 · 最多 {peak} 分钟",
    ),
    "stats.hardest": ("Hardest cards (most lapses)", "最难的卡片（遗忘最多）"),
    "stats.no-lapses": ("No lapses yet.", "还没有遗忘过的卡片。"),
    # Card browser (screens/browse.py) and card states.
    "browse": ("Browse", "浏览"),
    "browse.placeholder": (
        "Search: words, tag:NAME, deck:ID, is:new|learning|review|suspended|buried|leech",
        "搜索：关键词、tag:标签、deck:卡组、is:new|learning|review|suspended|buried|leech",
    ),
    "browse.count": ("{shown} of {total} cards", "共 {total} 张，显示 {shown} 张"),
    "browse.none": ("No card matches.", "没有匹配的卡片。"),
    "browse.card": ("Card", "卡片"),
    "browse.state": ("State", "状态"),
    "browse.next-due": ("Next due", "下次到期"),
    "browse.lapses": ("Lapses", "遗忘次数"),
    "browse.tags": ("Tags", "标签"),
    "browse.exercises": ("Exercises", "相关练习"),
    "browse.history": ("Review history", "复习历史"),
    "browse.suspend": ("Suspend/unsuspend", "暂停/恢复"),
    "browse.bury": ("Bury/unbury", "搁置/取消搁置"),
    "browse.forget": ("Reset to new", "重置为新卡"),
    "browse.clear-leech": ("Clear leech", "清除难记标记"),
    "browse.search": ("Search", "搜索"),
    "browse.home": ("Home", "主页"),
    "state.new": ("new", "新卡"),
    "state.learning": ("learning", "学习中"),
    "state.review": ("review", "复习"),
    "state.suspended": ("suspended", "已暂停"),
    "state.buried": ("buried", "已搁置"),
    "state.leech": ("leech", "难记"),
    # Settings screen: one label per setting (see screens/settings.py).
    "settings": ("Settings", "设置"),
    "setting_saved": ("Saved", "已保存"),
    "setting.language": ("Language (en, zh, both)", "语言（en、zh、both）"),
    "setting.theme": ("Theme", "主题"),
    "setting.desired_retention": ("Desired retention (0.70-0.99)", "目标记忆保持率（0.70-0.99）"),
    "setting.new_cards_per_day": ("New cards per day", "每日新卡数"),
    "setting.reviews_per_day": ("Reviews per day", "每日复习上限"),
    "setting.learning_steps_minutes": (
        "Learning steps (minutes, e.g. 1,10)",
        "学习步长（分钟，如 1,10）",
    ),
    "setting.relearning_steps_minutes": ("Relearning steps (minutes)", "重学步长（分钟）"),
    "setting.day_starts_at_hour": ("Next day starts at (hour, 0-23)", "新一天开始于（时，0-23）"),
    "setting.leech_lapses": ("Leech threshold (lapses)", "难记卡片阈值（遗忘次数）"),
    "exported": ("Progress exported to {path}", "学习进度已导出到 {path}"),
    "export_failed": ("Export failed", "导出失败"),
    # Answering choice and shape cards.
    "type_answer": (
        "Type the answer (e.g. [4, 3, 32, 32], 12, RuntimeError), Enter checks, Tab reveals",
        "输入答案（如 [4, 3, 32, 32]、12、RuntimeError），回车检查，Tab 直接显示答案",
    ),
    "answer_right": ("✓ Right", "✓ 正确"),
    "answer_wrong": ("✗ Wrong", "✗ 错误"),
    "you_picked": ("you picked {answer}", "你选了 {answer}"),
    "you_typed": ("you typed {answer}", "你输入了 {answer}"),
    "accept_hint": ("{key}: {rating}", "{key}：{rating}"),
    "unreadable_answer": (
        "Could not read that answer: type a shape like [4, 3], a number, True/False or an error name.",
        "无法识别该答案：请输入形状（如 [4, 3]）、数字、True/False 或异常名称。",
    ),
    # Notifications and the Review status line; {names} are filled in by `message`.
    "language_not_saved": ("Language not saved", "语言设置未保存"),
    "deck_problems": ("Deck problems", "卡组有问题"),
    "decks_skipped": ("{count} deck(s) skipped: {names}", "{count} 个卡组未能加载：{names}"),
    "rating_not_saved": ("Rating not saved", "评分未保存"),
    "undo_failed": ("Undo failed", "撤销失败"),
    "nothing_to_undo": ("Nothing to undo.", "没有可撤销的评分。"),
    "not_set_aside": ("Card not set aside", "卡片未能搁置或暂停"),
    "undone": ("Undone: {card}", "已撤销：{card}"),
    "buried": ("Buried until tomorrow: {card}", "已搁置到明天：{card}"),
    "suspended": ("Suspended: {card}", "已暂停：{card}"),
    "keymap_not_loaded": ("Keymap not loaded: default keys kept", "快捷键配置未加载，仍用默认按键"),
    "keymap_unreadable": ("{path} cannot be read: {detail}", "无法读取 {path}：{detail}"),
    "keymap_bad_yaml": ("{path} is not valid YAML: {detail}", "{path} 不是有效的 YAML：{detail}"),
    "keymap_not_mapping": (
        "{path} must map binding ids to keys, e.g. `review.reveal: enter`",
        "{path} 应为“绑定 id: 按键”的映射，例如 `review.reveal: enter`",
    ),
    "keymap_unknown_id": (
        "{path}: unknown binding id {id!r} (known: {ids})",
        "{path}：未知的绑定 id {id!r}（可用：{ids}）",
    ),
    "keymap_bad_keys": (
        "{path}: {id}: {keys!r} is not a key or comma-separated keys",
        "{path}：{id}：{keys!r} 不是按键或以逗号分隔的按键",
    ),
    "keymap_clash": (
        "{path}: on the {scope} screen {key!r} would do both {first} and {second}",
        "{path}：在 {scope} 界面上，{key!r} 同时绑定了 {first} 和 {second}",
    ),
}
_LABELS.update(PALETTE_LABELS)


def label(key: str, language: str) -> str:
    """The interface word `key` in `language`; "both" joins English and Chinese with a space."""
    english, chinese = _LABELS[key]
    if language == "en":
        return english
    if language == "zh":
        return chinese
    return f"{english} {chinese}"


def has_label(key: str) -> bool:
    """Whether `key` has an interface label (binding ids without one keep their description)."""
    return key in _LABELS


def message(label_key: str, language: str, **values: object) -> str:
    """The label `label_key` in `language` with its {placeholders} filled from `values`."""
    return label(label_key, language).format(**values)


def inline_text(text: Text, language: str) -> str:
    """A one-line rendering of bilingual card or deck text (for titles in tables and headers)."""
    if language == "both":
        return f"{text.en} · {text.zh}"
    return text.in_language(language)


def next_language(language: str) -> str:
    """The language after `language` in the cycle en → zh → both → en."""
    position = LANGUAGES.index(language) if language in LANGUAGES else -1
    return LANGUAGES[(position + 1) % len(LANGUAGES)]

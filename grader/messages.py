"""The grader's own words in Chinese: statuses, fixed verdict messages, report headings.

The session, the harness and `checks` write their verdicts in English (one place each, so
they stay greppable and tested); `translate_output(text, "zh")` rewrites the lines that are
the grader's own (timeouts, memory limits, a missing entry, forbidden calls, shape checks...)
and leaves everything else — the learner's traceback, what the submission printed — as it is.
Each catalogue entry is a regular expression over one English line and its Chinese template;
the `tests/grader` suite grades real submissions and checks their verdicts translate.
No torch here: the report module (and through its JSON, the TUI) uses it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

LANGS = ("en", "zh")
OUTPUT_SEPARATOR = "--- output ---"

STATUS_WORDS = {
    "en": {"passed": "passed", "failed": "failed", "error": "error", "timeout": "timeout"},
    "zh": {"passed": "通过", "failed": "未通过", "error": "错误", "timeout": "超时"},
}

HEADINGS = {
    "en": {
        "test": "test",
        "status": "status",
        "points": "points",
        "all_passed": "all tests passed",
        "some_failed": "some tests did not pass",
        "points_word": "points",
        "sandbox": "sandbox",
        "degraded": "Sandbox: degraded (bubblewrap unavailable) — resource limits only, no "
        "isolation of files, network or processes.",
    },
    "zh": {
        "test": "测试",
        "status": "状态",
        "points": "得分",
        "all_passed": "全部测试通过",
        "some_failed": "部分测试未通过",
        "points_word": "分",
        "sandbox": "沙箱",
        "degraded": "沙箱：降级模式（bubblewrap 不可用）——只有资源限制，文件、网络和进程都没有隔离。",
    },
}


def _during(text: str) -> str:
    """ "calling f" / "loading x.py" / "loading the submission" in Chinese."""
    if text == "loading the submission":
        return "加载提交的代码"
    for prefix, zh in (("calling ", "调用 "), ("loading ", "加载 ")):
        if text.startswith(prefix):
            return f"{zh}{text[len(prefix) :]}"
    return text


def _limit(text: str) -> str:
    text = re.sub(r"^([\d.]+) s for the whole submission$", r"整份提交共 \1 秒", text)
    return re.sub(r"^([\d.]+) s per call$", r"每次调用 \1 秒", text)


DURING = r"((?:calling|loading) [^:]+?)"
Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]


def _rule(pattern: str, render: Callable[[re.Match[str]], str]) -> Rule:
    return re.compile(f"^{pattern}$"), render


RULES: list[Rule] = [
    _rule(
        DURING + r": no answer within ([\d.]+) s \(limit (.+)\)",
        lambda m: f"{_during(m[1])}：{m[2]} 秒内没有返回（限制：{_limit(m[3])}）",
    ),
    _rule(
        DURING + r" ran out of memory \(limit (\d+) MiB\): (.*)",
        lambda m: f"{_during(m[1])} 内存不足（限制 {m[2]} MiB）：{m[3]}",
    ),
    _rule(
        r"the submission used up its wall-clock limit of ([\d.]+) s; remaining tests were not run",
        lambda m: f"提交的代码用完了 {m[1]} 秒的总时间限制；其余测试没有运行",
    ),
    _rule(
        DURING + r": the submission used up its CPU-time limit",
        lambda m: f"{_during(m[1])}：提交的代码用完了 CPU 时间限制",
    ),
    _rule(
        r"the submission does not define `([^`]+)` \(it defines: (.*)\)",
        lambda m: f"提交的代码没有定义 `{m[1]}`（它定义了：{m[2]}）",
    ),
    _rule(r"the submission does not define `([^`]+)`", lambda m: f"提交的代码没有定义 `{m[1]}`"),
    _rule(
        r"`([^`]+)` is a (\w+), not a function",
        lambda m: f"`{m[1]}` 是 {m[2]}，不是函数",
    ),
    _rule(r"syntax error on line (\d+): (.*)", lambda m: f"第 {m[1]} 行有语法错误：{m[2]}"),
    _rule(
        DURING + r" raised (\w+): (.*)",
        lambda m: f"{_during(m[1])} 抛出了 {m[2]}：{m[3]}",
    ),
    _rule(DURING + r" raised (\w+)", lambda m: f"{_during(m[1])} 抛出了 {m[2]}"),
    _rule(
        DURING + r": the submission ended its own process \((.*)\); "
        r"a submission must not call exit\(\) or os\._exit\(\)",
        lambda m: f"{_during(m[1])}：提交的代码自己结束了进程（{m[2]}）；不要调用 exit() 或 os._exit()",
    ),
    _rule(
        DURING + r": the process was killed by signal (\w+)( \(often: memory exhausted\))?",
        lambda m: f"{_during(m[1])}：进程被信号 {m[2]} 终止"
        + ("（通常是内存耗尽）" if m[3] else ""),
    ),
    _rule(
        DURING + r": the sandbox stopped \((.*)\)",
        lambda m: f"{_during(m[1])}：沙箱停止了（{m[2]}）",
    ),
    _rule(
        r"calls ([\w.]+), which this exercise asks you to implement(.*)",
        lambda m: f"调用了 {m[1]}，而本练习要求你自己实现它{_forbid_detail(m[2])}",
    ),
    _rule(
        r"this exercise checks what you call; computed names and dynamic imports are not "
        r"allowed here \(found (.+) on line (\d+)\)",
        lambda m: f"本练习会检查你调用了什么；这里不允许使用计算得到的名字和动态导入（第 {m[2]} 行：{m[1]}）",
    ),
    _rule(
        r"refers to the grader's own module (\w+), which a submission may not use"
        r" \(found on line (\d+)\)",
        lambda m: f"引用了评分器自身的模块 {m[1]}，提交的代码不得使用它（见第 {m[2]} 行）",
    ),
    _rule(
        r"expected (.+) to have shape (\(.*\)), got (\(.*\))",
        lambda m: f"{m[1]} 的形状应为 {m[2]}，实际为 {m[3]}",
    ),
    _rule(
        r"expected (.+) to have dtype ([\w.]+), got ([\w.]+)",
        lambda m: f"{m[1]} 的数据类型应为 {m[2]}，实际为 {m[3]}",
    ),
    _rule(
        r"expected (.+) on device (\w+), got (\w+)",
        lambda m: f"{m[1]} 应在设备 {m[2]} 上，实际在 {m[3]}",
    ),
    _rule(r"expected (.+) to be a tensor, got (.*)", lambda m: f"{m[1]} 应为张量，实际为 {m[2]}"),
    _rule(
        r"(.+) differs from the expected values at (\d+) of (\d+) positions "
        r"\(rtol=(\S+), atol=(\S+)\); the largest difference is at index (\[.*\]): "
        r"got (\S+), expected (\S+)",
        lambda m: f"{m[1]} 有 {m[2]}/{m[3]} 个位置与期望值不同（rtol={m[4]}，atol={m[5]}）；"
        f"差距最大处在下标 {m[6]}：得到 {m[7]}，期望 {m[8]}",
    ),
    _rule(r"(.+) contains (NaN|infinity) at (\d+) positions?(.*)", lambda m: _nan_zh(m)),
    _rule(
        r"hidden test could not be collected:",
        lambda m: "隐藏测试无法被收集（这是练习本身的问题）：",
    ),
    _rule(
        r"the hidden test could not check the value the submission returned "
        r"\(it is not what the exercise asks for\): (\w+): (.*)",
        lambda m: f"隐藏测试无法检查提交的代码返回的值（它不是本练习要求的那种值）：{m[1]}：{m[2]}",
    ),
    _rule(
        r"the test raised (\w+): (.*)",
        lambda m: f"隐藏测试自身抛出了 {m[1]}（这是练习本身的问题）：{m[2]}",
    ),
    _rule(
        r"this handle belongs to another submission or an ended process",
        lambda m: "这个句柄属于另一份提交或已结束的进程",
    ),
]


def _forbid_detail(rest: str) -> str:
    found = re.match(r" \(found on line (\d+)\)", rest)
    return f"（见第 {found[1]} 行）" if found else rest


def _nan_zh(match: re.Match[str]) -> str:
    words = {"NaN": "NaN", "infinity": "无穷大"}
    tail = re.sub(r" and infinity at (\d+) positions?", r"，\1 个位置为无穷大", match[4])
    return f"{match[1]} 有 {match[3]} 个位置为 {words[match[2]]}{tail}"


def translate_line(line: str, lang: str) -> str:
    """One line in `lang`: a grader message translated, any other line unchanged."""
    if lang == "en":
        return line
    for pattern, render in RULES:
        found = pattern.match(line)
        if found:
            return render(found)
    return line


def translate_output(text: str, lang: str) -> str:
    """A test's output in `lang`; the submission's own output (after the separator) is kept."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    if lang == "en" or not text:
        return text
    head, separator, printed = text.partition(f"\n{OUTPUT_SEPARATOR}\n")
    lines = [translate_line(line, lang) for line in head.split("\n")]
    translated = "\n".join(lines)
    if separator:
        translated += f"\n--- 输出 ---\n{printed}"
    return translated


def status_word(status: str, lang: str) -> str:
    return STATUS_WORDS[lang].get(status, status)


def heading(key: str, lang: str) -> str:
    return HEADINGS[lang][key]

"""The human-readable grading report, printed with rich: a table of tests, then what went wrong.

Every string shown passes `sanitize.clean_text` (as plain `Text`, never markup), so learner
output cannot clear the reader's screen, set its title or forge lines.

`lang` ("en" | "zh") picks the language of the test descriptions, the statuses, the headings
and the grader's own messages (`dlprep.grader.messages`); the learner's traceback and output
are printed as they are.
"""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dlprep.grader.messages import heading, status_word
from dlprep.grader.report import Report, TestResult
from dlprep.grader.sanitize import clean_text

STYLES = {
    "passed": ("✔", "green"),
    "failed": ("✘", "red"),
    "error": ("!", "red"),
    "timeout": ("⏱", "yellow"),
}


def print_report(report: Report, console: Console, submission_name: str, lang: str = "en") -> None:
    console.print(_summary(report, submission_name, lang))
    console.print(_table(report, lang))
    for test in report.tests:
        if test.status != "passed" and test.output:
            _, style = STYLES[test.status]
            console.print(
                Panel(
                    Text(clean_text(test.output_in(lang))),
                    title=Text(f"{_title(test, lang)} — {status_word(test.status, lang)}"),
                    title_align="left",
                    border_style=style,
                )
            )
    band = (report.provenance or {}).get("reference_band")
    if isinstance(band, dict) and band.get("fallback"):  # graded against another device's band
        console.print(Text(clean_text(str(band.get("note", "")), 300), style="yellow"))
    if report.sandbox != "bubblewrap":
        console.print(Text(heading("degraded", lang), style="yellow"))


def _title(test: TestResult, lang: str) -> str:
    description = test.describe(lang)
    name = clean_text(test.name, 200)
    return f"{name} · {clean_text(description, 300)}" if description else name


def _summary(report: Report, submission_name: str, lang: str) -> Text:
    data = report.to_dict()
    verdict = (
        (heading("all_passed", lang), "green")
        if report.passed
        else (heading("some_failed", lang), "red")
    )
    summary = Text()
    summary.append(f"{report.exercise}", style="bold")
    summary.append(f" · {clean_text(submission_name, 200)} · ")
    summary.append(
        f"{data['score']}/{data['max_score']} {heading('points_word', lang)}", style="bold"
    )
    summary.append(" · ")
    summary.append(verdict[0], style=verdict[1])
    summary.append(
        f" · {report.duration_s:.2f} s, {heading('sandbox', lang)}: {report.sandbox}", style="dim"
    )
    return summary


def _table(report: Report, lang: str) -> Table:
    table = Table(show_header=True, header_style="bold", expand=False)
    table.add_column("", width=1)
    table.add_column(heading("test", lang))
    table.add_column(heading("status", lang))
    table.add_column(heading("points", lang), justify="right")
    for test in report.tests:
        mark, style = STYLES[test.status]
        row = test.to_dict()
        name = Text(clean_text(test.name, 200))
        if test.describe(lang):
            name.append(f"\n{test.describe(lang)}", style="dim")
        table.add_row(
            Text(mark, style=style),
            name,
            Text(status_word(test.status, lang), style=style),
            f"{row['score']}/{row['max_score']}",
        )
    return table

"""The human-readable grading report, printed with rich: a table of tests, then what went wrong.

Every string shown passes `sanitize.clean_text` (as plain `Text`, never markup), so learner
output cannot clear the reader's screen, set its title or forge lines."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dlprep.grader.report import Report
from dlprep.grader.sanitize import clean_text

STYLES = {
    "passed": ("✔", "green"),
    "failed": ("✘", "red"),
    "error": ("!", "red"),
    "timeout": ("⏱", "yellow"),
}


def print_report(report: Report, console: Console, submission_name: str) -> None:
    console.print(_summary(report, submission_name))
    console.print(_table(report))
    for test in report.tests:
        if test.status != "passed" and test.output:
            _, style = STYLES[test.status]
            console.print(
                Panel(
                    Text(clean_text(test.output)),
                    title=f"{clean_text(test.name, 200)} — {test.status}",
                    title_align="left",
                    border_style=style,
                )
            )
    if report.sandbox != "bubblewrap":
        console.print(
            Text(
                "Sandbox: degraded (bubblewrap unavailable) — resource limits only, no isolation "
                "of files, network or processes.",
                style="yellow",
            )
        )


def _summary(report: Report, submission_name: str) -> Text:
    data = report.to_dict()
    verdict = ("all tests passed", "green") if report.passed else ("some tests did not pass", "red")
    summary = Text()
    summary.append(f"{report.exercise}", style="bold")
    summary.append(f" · {clean_text(submission_name, 200)} · ")
    summary.append(f"{data['score']}/{data['max_score']} points", style="bold")
    summary.append(" · ")
    summary.append(verdict[0], style=verdict[1])
    summary.append(f" · {report.duration_s:.2f} s, sandbox: {report.sandbox}", style="dim")
    return summary


def _table(report: Report) -> Table:
    table = Table(show_header=True, header_style="bold", expand=False)
    table.add_column("", width=1)
    table.add_column("test")
    table.add_column("status")
    table.add_column("points", justify="right")
    for test in report.tests:
        mark, style = STYLES[test.status]
        row = test.to_dict()
        table.add_row(
            Text(mark, style=style),
            Text(clean_text(test.name, 200)),
            Text(test.status, style=style),
            f"{row['score']}/{row['max_score']}",
        )
    return table

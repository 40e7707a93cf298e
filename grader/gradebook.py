"""The batch gradebook: one CSV row per submission, one column per hidden test.

Columns: name, score, max_score, passed, then each test's status (passed, failed, error,
timeout) in the order the tests ran, then `problem` (why a submission could not be graded).
Every cell passes `sanitize.csv_cell`: no control characters, and nothing a spreadsheet
would run as a formula (= + - @ tab CR at the start get a leading apostrophe).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from dlprep.grader.report import Report
from dlprep.grader.sanitize import csv_cell

FIXED_COLUMNS = ["name", "score", "max_score", "passed"]


def write_gradebook(
    path: Path, names: list[str], reports: dict[str, Report], problems: dict[str, str]
) -> None:
    test_names = _test_columns(reports[name] for name in names if name in reports)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([csv_cell(cell) for cell in [*FIXED_COLUMNS, *test_names, "problem"]])
        for name in names:
            row = _row(name, reports.get(name), problems.get(name, ""), test_names)
            writer.writerow([csv_cell(cell) for cell in row])


def _row(name: str, report: Report | None, problem: str, test_names: list[str]) -> list[object]:
    if report is None:
        return [name, 0, "", "false", *([""] * len(test_names)), problem]
    data = report.to_dict()
    statuses = {test.name: test.status for test in report.tests}
    return [
        name,
        data["score"],
        data["max_score"],
        str(report.passed).lower(),
        *(statuses.get(test, "") for test in test_names),
        problem,
    ]


def _test_columns(reports: Iterable[Report]) -> list[str]:
    columns: dict[str, None] = {}
    for report in reports:
        for test in report.tests:
            columns.setdefault(test.name, None)
    return list(columns)

"""The grader's report JSON turned into rows for the Results table (pure functions, no widgets).

Identical failures are grouped ("18 tests: dropout_layer raised NotImplementedError"); a
test's label is its description in the learner's language when the report has one
(`description: {en, zh}`), else its name. Every string from the report is untrusted text.
"""

from __future__ import annotations

from dataclasses import dataclass

from dlprep.tui.labels import message
from dlprep.tui.untrusted import clean

STATUS_MARKS = {"passed": "✓", "failed": "✗", "error": "!", "timeout": "⏱"}


@dataclass(frozen=True)
class ResultRow:
    """One line of the Results table: one test, or a group of tests that failed the same way."""

    status: str
    score: float
    max_score: float
    label: str
    headline: str
    detail: str  # the full output (learner traceback) of the first test in the row
    count: int = 1


def tests_of(report: dict[str, object]) -> list[dict[str, object]]:
    tests = report.get("tests")
    return [test for test in tests if isinstance(test, dict)] if isinstance(tests, list) else []


def test_label(test: dict[str, object], language: str) -> str:
    """The test's description in `language` (zh in "both"), else its short name."""
    description = test.get("description")
    if isinstance(description, dict):
        text = description.get("zh" if language != "en" else "en") or description.get("en")
        if isinstance(text, str) and text.strip():
            return clean(text, 200)
    name = clean(test.get("name", "?"), 200)
    return name.split("::", 1)[-1]


def _score(value: object) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def result_rows(report: dict[str, object], language: str) -> list[ResultRow]:
    """The table rows, failures with the same status and first line grouped into one."""
    rows: list[ResultRow] = []
    groups: dict[tuple[str, str], int] = {}
    for test in tests_of(report):
        status = str(test.get("status", "error"))
        output = clean(test.get("output", ""), 8000)
        headline = output.strip().splitlines()[0] if output.strip() else ""
        row = ResultRow(
            status,
            _score(test.get("score")),
            _score(test.get("max_score")),
            test_label(test, language),
            headline,
            output,
        )
        key = (status, headline)
        if status != "passed" and headline and key in groups:
            first = rows[groups[key]]
            count = first.count + 1
            rows[groups[key]] = ResultRow(
                status,
                first.score + row.score,
                first.max_score + row.max_score,
                message("grouped", language, count=count, message=headline),
                headline,
                first.detail,
                count,
            )
            continue
        if status != "passed" and headline:
            groups[key] = len(rows)
        rows.append(row)
    return rows


def score_line(report: dict[str, object], language: str, seconds: float) -> str:
    """ "Score 3/21 · 18 of 21 tests failed · 0.4 s"."""
    tests = tests_of(report)
    failed = sum(1 for test in tests if test.get("status") != "passed")
    verdict = (
        message("all_passed", language)
        if report.get("passed") is True
        else message("some_failed", language, failed=failed, total=len(tests))
    )
    return message(
        "score_line",
        language,
        score=f"{_score(report.get('score')):g}",
        max=f"{_score(report.get('max_score')):g}",
        passed=verdict,
        seconds=f"{seconds:.2f}",
    )

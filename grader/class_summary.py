"""What a class got wrong: the summary a batch writes beside its gradebook (summary.json, .md).

Score histogram, mean and median; per hidden test the share of students who failed it (item
analysis, with the test's description in en and zh when the test has one); the kinds of
verdict (wrong answer, exception, syntax error, timeout, memory, crash, grader error, not
graded); the slowest submissions; and per concept card linked to a failed test (the test's
`concepts` marker, else the exercise's `concepts:` list) how many students missed it: a list
an instructor can turn into a lecture.

It reads the reports as their JSON dicts (the `--json` schema), so fields added to the schema
later are used when present and nothing breaks when they are absent.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypedDict

from rich.table import Table

from dlprep.grader.sanitize import markdown_cell as md

HISTOGRAM_BINS = 10
SLOWEST = 5
VERDICT_KINDS = (
    "passed",
    "wrong answer",
    "exception",
    "syntax error",
    "missing entry",
    "timeout",
    "memory",
    "crash",
    "grader error",
    "not graded",
)


class ItemDict(TypedDict):
    """One hidden test's item analysis."""

    test: str
    description_en: str
    description_zh: str
    failed: int
    graded: int
    failed_share: float


class SummaryDict(TypedDict):
    """summary.json."""

    schema_version: int
    exercise: str
    students: int
    graded: int
    max_score: float
    mean: float | None
    median: float | None
    histogram: list[int]
    items: list[ItemDict]
    verdicts: dict[str, int]
    slowest: list[dict[str, Any]]
    missed_concepts: dict[str, int]


def verdict_kind(test: Mapping[str, Any]) -> str:
    """The kind of one test's verdict: the report's own `kind` if it has one, else from status/output."""
    kind = test.get("kind")
    if isinstance(kind, str) and kind in VERDICT_KINDS:
        return kind
    status, output = str(test.get("status", "")), str(test.get("output", "")).lower()
    if status == "passed":
        return "passed"
    if status == "timeout":
        return "timeout"
    if status == "failed":
        return "wrong answer"
    for needle, name in (
        ("syntaxerror", "syntax error"),
        ("syntax error", "syntax error"),  # the grader's own wording ("syntax error on line 1")
        ("indentationerror", "syntax error"),
        ("memory", "memory"),
        ("crash", "crash"),
        ("grader error", "grader error"),
        ("does not define", "missing entry"),
    ):
        if needle in output:
            return name
    return "exception"


@dataclass
class ClassSummary:
    """The figures of one batch, built from the students' reports and the ungraded entries."""

    exercise: str
    reports: dict[str, dict[str, Any]]
    problems: dict[str, str] = field(default_factory=dict)
    exercise_concepts: Sequence[str] = ()

    def scores(self) -> list[float]:
        return [float(report.get("score", 0)) for report in self.reports.values()]

    def max_score(self) -> float:
        return max((float(r.get("max_score", 0)) for r in self.reports.values()), default=0.0)

    def histogram(self) -> list[int]:
        """Counts of students per tenth of the maximum score (the last bin includes full marks)."""
        bins = [0] * HISTOGRAM_BINS
        top = self.max_score()
        for score in self.scores():
            index = HISTOGRAM_BINS - 1 if top <= 0 else int(score / top * HISTOGRAM_BINS)
            bins[min(index, HISTOGRAM_BINS - 1)] += 1
        return bins

    def items(self) -> list[ItemDict]:
        graded: Counter[str] = Counter()
        failed: Counter[str] = Counter()
        descriptions: dict[str, tuple[str, str]] = {}
        for report in self.reports.values():
            for test in report.get("tests", []):
                name = str(test.get("name", ""))
                graded[name] += 1
                failed[name] += test.get("status") != "passed"
                description = test.get("description") or {}
                if isinstance(description, dict):
                    descriptions.setdefault(
                        name, (str(description.get("en", "")), str(description.get("zh", "")))
                    )
        rows: list[ItemDict] = [
            {
                "test": name,
                "description_en": descriptions.get(name, ("", ""))[0],
                "description_zh": descriptions.get(name, ("", ""))[1],
                "failed": failed[name],
                "graded": count,
                "failed_share": round(failed[name] / count, 4),
            }
            for name, count in graded.items()
        ]
        return sorted(rows, key=lambda row: (-row["failed_share"], row["test"]))

    def verdicts(self) -> dict[str, int]:
        """Students per verdict kind: a student counts once per kind among their tests."""
        counts: Counter[str] = Counter()
        for report in self.reports.values():
            kinds = {verdict_kind(test) for test in report.get("tests", [])} or {"grader error"}
            counts.update(kinds)
        counts["not graded"] += len(self.problems)
        return {kind: counts[kind] for kind in VERDICT_KINDS if counts[kind]}

    def slowest(self) -> list[dict[str, Any]]:
        timed = sorted(
            self.reports.items(), key=lambda item: -float(item[1].get("duration_s", 0.0))
        )
        return [
            {"name": name, "duration_s": float(report.get("duration_s", 0.0))}
            for name, report in timed[:SLOWEST]
        ]

    def missed_concepts(self) -> dict[str, int]:
        """Card id -> students who failed at least one test linked to it, most missed first."""
        missed: Counter[str] = Counter()
        for report in self.reports.values():
            cards: set[str] = set()
            for test in report.get("tests", []):
                if test.get("status") != "passed":
                    cards.update(test.get("concepts") or self.exercise_concepts)
            missed.update(cards)
        return dict(sorted(missed.items(), key=lambda item: (-item[1], item[0])))

    def to_dict(self) -> SummaryDict:
        scores = self.scores()
        return {
            "schema_version": 1,
            "exercise": self.exercise,
            "students": len(self.reports) + len(self.problems),
            "graded": len(self.reports),
            "max_score": self.max_score(),
            "mean": round(statistics.fmean(scores), 4) if scores else None,
            "median": statistics.median(scores) if scores else None,
            "histogram": self.histogram(),
            "items": self.items(),
            "verdicts": self.verdicts(),
            "slowest": self.slowest(),
            "missed_concepts": self.missed_concepts(),
        }

    def to_markdown(self, extra_sections: Sequence[str] = ()) -> str:
        data = self.to_dict()
        mean = "-" if data["mean"] is None else f"{data['mean']:.2f}"
        lines = [
            f"# Class summary: {md(self.exercise)}",
            "",
            f"{data['graded']} of {data['students']} submissions graded; max score "
            f"{data['max_score']:g}; mean {mean}; median {data['median']}.",
            "",
            "## Score histogram",
            "",
            "| score (share of max) | students |",
            "| --- | ---: |",
        ]
        for index, count in enumerate(data["histogram"]):
            low, high = index * 10, (index + 1) * 10
            lines.append(f"| {low}-{high}% | {'█' * count} {count} |")
        lines += ["", "## Hidden tests, most failed first", ""]
        lines += ["| test | what it checks | 检查内容 | failed |", "| --- | --- | --- | ---: |"]
        for item in data["items"]:
            lines.append(
                f"| {md(item['test'])} | {md(item['description_en'])} | "
                f"{md(item['description_zh'])} | "
                f"{item['failed']}/{item['graded']} ({item['failed_share']:.0%}) |"
            )
        lines += ["", "## Verdicts", "", "| kind | students |", "| --- | ---: |"]
        lines += [f"| {md(kind)} | {count} |" for kind, count in data["verdicts"].items()]
        lines += ["", "## Slowest submissions", "", "| student | seconds |", "| --- | ---: |"]
        lines += [f"| {md(row['name'])} | {row['duration_s']:.2f} |" for row in data["slowest"]]
        lines += ["", "## Concepts to revisit in class", "", "| card | students who missed it |"]
        lines += ["| --- | ---: |"]
        lines += [f"| {md(card)} | {count} |" for card, count in data["missed_concepts"].items()]
        return "\n".join(lines + ["", *extra_sections]).rstrip() + "\n"

    def table(self) -> Table:
        """The item analysis for the terminal, printed at the end of a batch."""
        data = self.to_dict()
        mean = "-" if data["mean"] is None else f"{data['mean']:.2f}"
        table = Table(
            "test",
            "what it checks",
            "failed",
            title=f"{self.exercise}: {data['graded']} graded, mean {mean}, median {data['median']}",
        )
        for item in data["items"]:
            table.add_row(item["test"], item["description_en"], f"{item['failed_share']:.0%}")
        return table

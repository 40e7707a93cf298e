"""Gradescope's autograder `results.json` from a report.

    {"score", "execution_time", "output", "tests": [{"name", "score", "max_score", "status",
     "output", "visibility"}]}

Gradescope knows only "passed" and "failed" per test, so error and timeout become "failed"
with the reason kept in the test's output. Each test's `visibility` comes from its hidden test
(`@pytest.mark.visibility("after_due_date")`; default "visible").
"""

from __future__ import annotations

import json
from pathlib import Path

from dlprep.grader.report import Report, TestResult


def results_json(report: Report) -> dict[str, object]:
    passed = sum(test.status == "passed" for test in report.tests)
    return {
        "score": report.to_dict()["score"],
        "execution_time": round(report.duration_s, 3),
        "output": (
            f"{report.exercise}: {passed} of {len(report.tests)} tests passed "
            f"(sandbox: {report.sandbox})"
        ),
        "tests": [_test(test) for test in report.tests],
    }


def write_results_json(report: Report, path: Path) -> None:
    path.write_text(
        json.dumps(results_json(report), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def _test(test: TestResult) -> dict[str, object]:
    data = test.to_dict()
    status = "passed" if test.status == "passed" else "failed"
    output = (
        test.output
        if test.status in ("passed", "failed")
        else f"[{test.status}] {test.output}".rstrip()
    )
    return {
        "name": test.name,
        "score": data["score"],
        "max_score": data["max_score"],
        "status": status,
        "output": output,
        "visibility": test.visibility,  # from the hidden test's visibility marker
    }

"""Report schema, Gradescope's results.json and the batch gradebook."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from dlprep.grader.gradebook import write_gradebook
from dlprep.grader.gradescope import results_json, write_results_json
from dlprep.grader.report import Report, ReportFormatError, TestResult


@pytest.fixture
def report() -> Report:
    return Report(
        "scale",
        [
            TestResult("t.py::test_a", "passed", 2.0, ""),
            TestResult("t.py::test_b", "failed", 1.0, "expected 3, got 4"),
            TestResult("t.py::test_c", "timeout", 1.5, "no answer within 2 s"),
        ],
        "bubblewrap",
        0.4567,
    )


def test_json_schema_has_exactly_the_documented_fields(report: Report) -> None:
    data = report.to_dict()
    assert list(data) == [
        "schema_version",
        "exercise",
        "score",
        "max_score",
        "passed",
        "tests",
        "sandbox",
        "duration_s",
    ]
    assert (data["score"], data["max_score"], data["passed"], data["duration_s"]) == (
        2,
        4.5,
        False,
        0.457,
    )
    assert data["tests"][1] == {
        "name": "t.py::test_b",
        "status": "failed",
        "score": 0,
        "max_score": 1,
        "output": "expected 3, got 4",
        "output_zh": "expected 3, got 4",
        "description": None,
        "concepts": [],
    }
    assert Report.from_dict(json.loads(json.dumps(data))).to_dict() == data


def test_passed_means_every_test_passed_and_there_was_one() -> None:
    assert Report("x", [TestResult("a", "passed", 1.0)], "degraded", 0.1).passed
    assert not Report("x", [], "degraded", 0.1).passed


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"schema_version": 99},
        {"schema_version": 1, "tests": "no"},
        {"schema_version": 1, "tests": [{"name": "a", "status": "great"}]},
    ],
)
def test_malformed_reports_are_rejected(data: object) -> None:
    with pytest.raises(ReportFormatError):
        Report.from_dict(data)


def test_gradescope_results_use_passed_failed_and_keep_the_reason(
    report: Report, tmp_path: Path
) -> None:
    results = results_json(report)
    assert set(results) == {"score", "execution_time", "output", "tests"}
    assert results["score"] == 2 and results["execution_time"] == 0.457
    assert [test["status"] for test in results["tests"]] == ["passed", "failed", "failed"]
    assert results["tests"][2]["output"] == "[timeout] no answer within 2 s"
    assert set(results["tests"][0]) == {
        "name",
        "score",
        "max_score",
        "status",
        "output",
        "visibility",
    }
    write_results_json(report, tmp_path / "results.json")
    assert json.loads((tmp_path / "results.json").read_text()) == results


def test_gradebook_has_a_column_per_test_and_a_row_per_submission(
    report: Report, tmp_path: Path
) -> None:
    path = tmp_path / "gradebook.csv"
    write_gradebook(path, ["alice", "bob"], {"alice": report}, {"bob": "not valid UTF-8"})
    rows = list(csv.reader(path.open()))
    assert rows[0] == [
        "name",
        "score",
        "max_score",
        "passed",
        "t.py::test_a",
        "t.py::test_b",
        "t.py::test_c",
        "problem",
    ]
    assert rows[1] == ["alice", "2", "4.5", "false", "passed", "failed", "timeout", ""]
    assert rows[2] == ["bob", "0", "", "false", "", "", "", "not valid UTF-8"]

"""Gradescope per-test visibility from the hidden tests' marker; the LMS CSV of grade-batch."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from grader_toys import write_exercise

from dlprep.cli import main
from dlprep.grader.errors import InputError
from dlprep.grader.lms import parse_columns

HIDDEN = """\
import pytest


def test_shown(student):
    assert student.echo(1) == 1


@pytest.mark.visibility("after_due_date")
@pytest.mark.points(2)
def test_after_due(student):
    assert student.echo(2) == 2


@pytest.mark.visibility("hidden")
def test_secret(student):
    assert student.echo(3) == 3


@pytest.mark.visibility("sometimes")
def test_bad_marker(student):
    assert student.echo(4) == 4
"""


@pytest.fixture(scope="module")
def echo_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pack = tmp_path_factory.mktemp("echo-pack")
    write_exercise(
        pack,
        "echo",
        "echo",
        "echo(x)",
        HIDDEN,
        "def echo(x):\n    return x\n",
        "{wall_seconds: 8, call_seconds: 2, memory_mib: 256}",
    )
    return pack


def test_visibility_reaches_results_json_and_a_bad_marker_is_the_tests_error(
    tmp_path: Path, echo_pack: Path
) -> None:
    submission = tmp_path / "s.py"
    submission.write_text("def echo(x):\n    return x\n")
    results = tmp_path / "results.json"
    args = ["grade", "echo", str(submission), "--exercises", str(echo_pack)]
    main([*args, "--gradescope", str(results)])
    tests = {t["name"].split("::")[-1]: t for t in json.loads(results.read_text())["tests"]}
    assert tests["test_shown"]["visibility"] == "visible"
    assert tests["test_after_due"]["visibility"] == "after_due_date"
    assert tests["test_secret"]["visibility"] == "hidden"
    assert tests["test_bad_marker"]["status"] == "failed"
    assert "visibility needs one of visible" in tests["test_bad_marker"]["output"]


def test_grade_batch_writes_an_lms_csv_with_named_columns_and_neutralised_cells(
    tmp_path: Path, echo_pack: Path
) -> None:
    classroom = tmp_path / "class"
    classroom.mkdir()
    (classroom / "=HYPERLINK(1).py").write_text("def echo(x):\n    return x\n")
    (classroom / "bob.py").write_text("def echo(x):\n    return 0\n")
    (classroom / "carl.py").write_bytes(b"\xff")
    lms = tmp_path / "lms.csv"
    main(
        [
            "grade-batch",
            "echo",
            str(classroom),
            "--out",
            str(tmp_path / "out"),
            "--exercises",
            str(echo_pack),
            "--lms-csv",
            str(lms),
            "--lms-columns",
            "student=Student ID,max=Max Points",
        ]
    )
    rows = list(csv.reader(lms.open()))
    assert rows[0] == ["Student ID", "score", "Max Points"]
    assert rows[1] == ["'=HYPERLINK(1)", "4", "5"]  # the bad-marker test is an error: 4 of 5
    assert rows[2] == ["bob", "0", "5"] and rows[3] == ["carl", "0", "5"]


def test_lms_columns_are_checked() -> None:
    assert parse_columns("score=Points")["score"] == "Points"
    with pytest.raises(InputError, match="FIELD one of student, score, max"):
        parse_columns("grade=Points")

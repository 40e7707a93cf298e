"""`dlprep grade`: exit status, JSON on stdout, Gradescope file, and input errors named clearly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dlprep.cli import main

CORRECT = "def scale(x, factor):\n    return x * factor\n"


@pytest.fixture
def submission(tmp_path: Path) -> Path:
    path = tmp_path / "solution.py"
    path.write_text(CORRECT, encoding="utf-8")
    return path


def test_json_report_and_gradescope_file_for_a_passing_submission(
    submission: Path, toy_pack: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = tmp_path / "results.json"
    code = main(
        [
            "grade",
            "scale",
            str(submission),
            "--exercises",
            str(toy_pack),
            "--json",
            "--gradescope",
            str(results),
        ]
    )
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["passed"] and report["score"] == report["max_score"] == 6
    assert report["sandbox"] in ("bubblewrap", "degraded")
    assert json.loads(results.read_text())["score"] == 6


def test_human_report_and_exit_1_when_a_test_fails(
    submission: Path, toy_pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    submission.write_text("def scale(x, factor):\n    return x + factor\n", encoding="utf-8")
    code = main(["grade", "scale", str(submission), "--exercises", str(toy_pack)])
    out = capsys.readouterr().out
    assert code == 1
    assert "scale · solution.py" in out and "test_values" in out and "failed" in out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["no_such_exercise", "{sub}"], "unknown exercise"),
        (["scale", "{tmp}/missing.py"], "missing.py: no such file"),
        (["scale", "{tmp}/latin1.py"], "latin1.py:1: not valid UTF-8"),
        (
            ["scale", "{sub}", "--data-dir", "{tmp}/nowhere"],
            "nowhere: the data directory does not exist",
        ),
        (["scale", "{sub}", "--exercises", "{tmp}/none"], "--exercises must be a directory"),
    ],
)
def test_input_errors_exit_2_with_a_message(
    arguments: list[str],
    message: str,
    submission: Path,
    toy_pack: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "latin1.py").write_bytes("x = 'é'\n".encode("latin-1"))
    filled = [part.format(sub=submission, tmp=tmp_path) for part in arguments]
    if "--exercises" not in filled:
        filled += ["--exercises", str(toy_pack)]
    assert main(["grade", *filled]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == ""


def test_the_command_prints_exactly_one_json_object(submission: Path, toy_pack: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "dlprep.cli",
            "grade",
            "scale",
            str(submission),
            "--json",
            "--exercises",
            str(toy_pack),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DLPREP_SANDBOX": "degraded"},
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["sandbox"] == "degraded"


def test_the_command_line_and_report_modules_do_not_import_torch() -> None:
    probe = (
        "import sys, dlprep.cli, dlprep.grader.cli, dlprep.grader.zygote, dlprep.grader.report\n"
        "dlprep.cli.build_parser()\nprint('torch' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "False"

"""`dlprep grade-batch`: a class of submissions in parallel, a gradebook, resuming, bad apples."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from dlprep.cli import main

CORRECT = "def scale(x, factor):\n    return x * factor\n"


@pytest.fixture(scope="module")
def classroom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("classroom")
    (root / "alice.py").write_text(CORRECT)
    (root / "bob.py").write_text("def scale(x, factor):\n    return x + factor\n")
    (root / "carol").mkdir()
    (root / "carol" / "work.py").write_text(
        "def scale(x, factor):\n    while factor == 3.0:\n        pass\n    return x * factor\n"
    )
    (root / "dave").mkdir()
    (root / "dave" / "a.py").write_text(CORRECT)
    (root / "dave" / "b.py").write_text(CORRECT)
    (root / "erin").mkdir()
    (root / "erin" / "notes.py").write_text("")
    (root / "erin" / "scale.py").write_text(CORRECT)
    (root / "frank.py").write_text("import os\nos._exit(3)\n")
    (root / "gina.py").write_bytes(b"\xff\xfe")
    return root


@pytest.fixture(scope="module")
def first_run(
    classroom: Path, toy_pack: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[int, Path]:
    out = tmp_path_factory.mktemp("out")
    code = main(
        [
            "grade-batch",
            "scale",
            str(classroom),
            "--jobs",
            "2",
            "--out",
            str(out),
            "--exercises",
            str(toy_pack),
        ]
    )
    return code, out


def gradebook(out: Path) -> dict[str, dict[str, str]]:
    return {row["name"]: row for row in csv.DictReader((out / "gradebook.csv").open())}


def test_every_submission_gets_a_row_and_each_graded_one_a_report(
    first_run: tuple[int, Path],
) -> None:
    code, out = first_run
    rows = gradebook(out)
    assert code == 1
    assert list(rows) == ["alice", "bob", "carol", "dave", "erin", "frank", "gina"]
    assert rows["alice"]["passed"] == "true" and rows["alice"]["score"] == "6"
    assert rows["erin"]["passed"] == "true"  # the folder's scale.py was picked
    assert rows["bob"]["passed"] == "false"
    assert "expected one .py file or scale.py" in rows["dave"]["problem"]
    assert "not valid UTF-8" in rows["gina"]["problem"]
    assert sorted(path.stem for path in (out / "reports").glob("*.json")) == [
        "alice",
        "bob",
        "carol",
        "erin",
        "frank",
    ]


def test_hanging_and_crashing_submissions_cost_only_their_own_verdicts(
    first_run: tuple[int, Path],
) -> None:
    _, out = first_run
    carol = json.loads((out / "reports" / "carol.json").read_text())
    statuses = {test["name"].split("::")[-1]: test["status"] for test in carol["tests"]}
    assert statuses["test_values"] == "timeout" and statuses["test_zero_factor"] == "passed"
    frank = json.loads((out / "reports" / "frank.json").read_text())
    assert {test["status"] for test in frank["tests"]} == {"error"}
    assert "ended its own process (exited with status 3)" in frank["tests"][0]["output"]


def test_a_rerun_skips_unchanged_submissions_and_regrades_changed_ones(
    first_run: tuple[int, Path],
    classroom: Path,
    toy_pack: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    classroom, out = (
        shutil.copytree(classroom, tmp_path / "class"),
        shutil.copytree(first_run[1], tmp_path / "out"),
    )
    capsys.readouterr()
    before = {path.name: path.stat().st_mtime_ns for path in out.glob("reports/*.json")}
    main(["grade-batch", "scale", str(classroom), "--out", str(out), "--exercises", str(toy_pack)])
    assert "0 graded, 5 unchanged and skipped, 2 not graded" in capsys.readouterr().err
    assert {path.name: path.stat().st_mtime_ns for path in out.glob("reports/*.json")} == before
    (classroom / "bob.py").write_text(CORRECT)
    main(["grade-batch", "scale", str(classroom), "--out", str(out), "--exercises", str(toy_pack)])
    assert "1 graded, 4 unchanged and skipped" in capsys.readouterr().err
    assert gradebook(out)["bob"]["passed"] == "true"


def test_a_missing_directory_is_an_input_error(
    tmp_path: Path, toy_pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            [
                "grade-batch",
                "scale",
                str(tmp_path / "nope"),
                "--out",
                str(tmp_path / "out"),
                "--exercises",
                str(toy_pack),
            ]
        )
        == 2
    )
    assert "not a directory of submissions" in capsys.readouterr().err

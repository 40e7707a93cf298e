"""grade-batch's output layout: a student's name never collides with the batch's own files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from dlprep.cli import main
from dlprep.grader.batch_files import BatchFiles

CORRECT = "def scale(x, factor):\n    return x * factor\n"
WRONG = "def scale(x, factor):\n    return x + factor\n"


def _batch(classroom: Path, out: Path, toy_pack: Path) -> int:
    return main(
        ["grade-batch", "scale", str(classroom), "--out", str(out), "--exercises", str(toy_pack)]
    )


def _rows(out: Path) -> dict[str, dict[str, str]]:
    return {row["name"]: row for row in csv.DictReader((out / "gradebook.csv").open())}


def test_students_named_like_the_batch_files_get_their_own_reports(
    tmp_path: Path, toy_pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    classroom = tmp_path / "class"
    classroom.mkdir()
    (classroom / "manifest.py").write_text(CORRECT)
    (classroom / "gradebook.py").write_text(WRONG)
    (classroom / "summary.py").write_text(CORRECT)
    out = tmp_path / "out"
    assert _batch(classroom, out, toy_pack) == 1
    rows = _rows(out)
    assert rows["manifest"]["passed"] == "true" and rows["gradebook"]["passed"] == "false"
    assert rows["summary"]["passed"] == "true"
    for name in ("manifest", "gradebook", "summary"):
        assert json.loads((out / "reports" / f"{name}.json").read_text())["exercise"] == "scale"
    manifest = json.loads((out / "manifest.json").read_text())
    assert set(manifest["sha256"]) == {"manifest", "gradebook", "summary"}
    capsys.readouterr()
    _batch(classroom, out, toy_pack)  # resumes: nothing to grade again
    assert "0 graded, 3 unchanged and skipped" in capsys.readouterr().err


def test_an_old_layout_folder_is_migrated_and_resumed(
    tmp_path: Path, toy_pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    classroom = tmp_path / "class"
    classroom.mkdir()
    (classroom / "alice.py").write_text(CORRECT)
    (classroom / "bob.py").write_text(WRONG)
    out = tmp_path / "out"
    _batch(classroom, out, toy_pack)
    # Rewrite the output as the previous layout had it: reports beside the manifest, no layout.
    for report in (out / "reports").glob("*.json"):
        report.rename(out / report.name)
    (out / "reports").rmdir()
    manifest = json.loads((out / "manifest.json").read_text())
    del manifest["layout"]
    (out / "manifest.json").write_text(json.dumps(manifest))
    capsys.readouterr()
    _batch(classroom, out, toy_pack)
    assert "0 graded, 2 unchanged and skipped" in capsys.readouterr().err
    assert sorted(path.name for path in (out / "reports").iterdir()) == ["alice.json", "bob.json"]
    assert not (out / "alice.json").exists()
    assert json.loads((out / "manifest.json").read_text())["layout"] == 2
    assert _rows(out)["bob"]["passed"] == "false"


def test_a_manifest_of_another_exercise_starts_afresh(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text(
        json.dumps({"exercise": "other", "profile": "quick", "sha256": {"a": "x"}, "layout": 2})
    )
    files = BatchFiles(tmp_path, "scale", "quick")
    assert files.hashes() == {}
    assert files.report_path("manifest") == tmp_path / "reports" / "manifest.json"

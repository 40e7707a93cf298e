"""Reproducible verdicts: every report says what made it; --regrade lists what changed and why."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dlprep.cli import main
from dlprep.grader.regrade import NOT_REPRODUCIBLE, changed_verdicts, why
from dlprep.grader.report import Report

CORRECT = "def scale(x, factor):\n    return x * factor\n"
HALF = "def scale(x, factor):\n    return x * factor if factor != 0 else x\n"


def test_reports_record_what_made_them_and_regrade_names_the_exercise_change(
    tmp_path: Path, toy_pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = shutil.copytree(toy_pack, tmp_path / "pack")
    classroom = tmp_path / "class"
    classroom.mkdir()
    (classroom / "alice.py").write_text(CORRECT)
    (classroom / "bob.py").write_text(HALF)
    out = tmp_path / "out"
    common = ["--exercises", str(pack)]
    main(["grade-batch", "scale", str(classroom), "--out", str(out), *common])
    alice = json.loads((out / "reports" / "alice.json").read_text())
    made = alice["provenance"]
    assert made["device"] == "cpu" and made["seeds"] == {"call": 0}
    assert made["torch"].startswith("2.") and made["sandbox"] == alice["sandbox"]
    assert made["limits"] == {"wall_seconds": 8.0, "call_seconds": 2.0, "memory_mib": 256.0}
    assert len(made["exercise_sha256"]) == 64 and made["dlprep"]
    assert Report.from_dict(alice).provenance == made
    # The instructor drops the zero-factor test: bob's failure on it disappears.
    hidden = next((pack / "scale" / "hidden").glob("test_*.py"))
    hidden.write_text(hidden.read_text().replace("def test_zero_factor", "def _zero_factor"))
    capsys.readouterr()
    main(["grade-batch", "scale", str(classroom), "--regrade", str(out), *common])
    printed = capsys.readouterr().out
    assert "verdicts changed" in printed
    changes = json.loads((out / "regrade.json").read_text())
    assert {
        (c["student"], c["test"].split("::")[-1], c["before"], c["after"]) for c in changes
    } == {
        ("alice", "test_zero_factor", "passed", "absent"),
        ("bob", "test_zero_factor", "failed", "absent"),
    }
    assert all(
        c["reasons"] == ["different exercise (hidden tests, reference or bands)"] for c in changes
    )
    again = json.loads((out / "reports" / "alice.json").read_text())["provenance"]
    assert again["exercise_sha256"] != made["exercise_sha256"]


def test_why_names_torch_device_and_source_and_flags_unexplained_changes() -> None:
    made = {"torch": "2.14.1", "device": "cpu", "exercise_sha256": "a", "dlprep": "0.1.0"}
    old = {"provenance": made, "tests": [{"name": "t", "status": "passed"}]}
    new = {
        "provenance": {**made, "torch": "2.15.0", "device": "cuda"},
        "tests": [{"name": "t", "status": "failed"}],
    }
    assert why(old, new, source_changed=True) == [
        "the submission changed",
        "different torch: 2.14.1 -> 2.15.0",
        "different device: cpu -> cuda",
    ]
    assert why(old, {**old, "tests": []}, source_changed=False) == [NOT_REPRODUCIBLE]
    assert why({"tests": []}, new, False) == ["the old report does not say how it was made"]
    assert changed_verdicts({"s": old}, {"s": old}) == []
    assert changed_verdicts({"s": old}, {"s": new})[0]["after"] == "failed"

"""grade-batch refuses the degraded sandbox unless --allow-degraded; dlprep grade keeps it.

A batch is a class of hostile code: the degraded sandbox (rlimits only) used to be chosen
silently when bubblewrap failed. Here `DLPREP_SANDBOX=degraded` stands for "bubblewrap fails".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dlprep.cli import main
from dlprep.grader.launcher import BUBBLEWRAP
from dlprep.grader.sandbox_policy import batch_mode

CORRECT = "def scale(x, factor):\n    return x * factor\n"


def _classroom(tmp_path: Path) -> Path:
    classroom = tmp_path / "class"
    classroom.mkdir()
    (classroom / "alice.py").write_text(CORRECT, encoding="utf-8")
    return classroom


def test_grade_batch_refuses_degraded_mode_and_says_how_to_proceed(
    tmp_path: Path, toy_pack: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DLPREP_SANDBOX", "degraded")
    out = tmp_path / "out"
    argv = ["grade-batch", "scale", str(_classroom(tmp_path)), "--out", str(out)]
    assert main([*argv, "--exercises", str(toy_pack)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "refuses the degraded sandbox (DLPREP_SANDBOX=degraded is set)" in err
    assert "--allow-degraded" in err and "hidden tests" in err
    assert not (out / "gradebook.csv").exists()


def test_grade_batch_runs_degraded_when_allowed(
    tmp_path: Path, toy_pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DLPREP_SANDBOX", "degraded")
    out = tmp_path / "out"
    argv = ["grade-batch", "scale", str(_classroom(tmp_path)), "--out", str(out)]
    assert main([*argv, "--exercises", str(toy_pack), "--allow-degraded"]) == 0
    assert "alice" in (out / "gradebook.csv").read_text(encoding="utf-8")


def test_grade_keeps_working_in_degraded_mode(
    tmp_path: Path, toy_pack: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DLPREP_SANDBOX", "degraded")
    path = tmp_path / "alice.py"
    path.write_text(CORRECT, encoding="utf-8")
    assert main(["grade", "scale", str(path), "--exercises", str(toy_pack)]) == 0
    assert "degraded" in capsys.readouterr().out


def test_without_the_flag_workers_are_told_to_use_bubblewrap(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DLPREP_SANDBOX", raising=False)
    monkeypatch.setattr("dlprep.grader.sandbox_policy.sandbox_mode", lambda: BUBBLEWRAP)
    assert batch_mode(allow_degraded=False, local=False) == BUBBLEWRAP  # Ray: no local check
    assert batch_mode(allow_degraded=False, local=True) == BUBBLEWRAP
    assert batch_mode(allow_degraded=True, local=True) is None

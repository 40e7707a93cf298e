"""grade-batch writes OUT/summary.json and OUT/summary.md and prints the item analysis."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from grader_toys import SCALE_HIDDEN, SCALE_REFERENCE, write_exercise

from dlprep.cli import main

CORRECT = "def scale(x, factor):\n    return x * factor\n"


@pytest.fixture(scope="module")
def linked_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The toy `scale` exercise with concept cards in its exercise.yaml."""
    pack = tmp_path_factory.mktemp("linked-pack")
    folder = write_exercise(
        pack,
        "scale",
        "scale",
        "scale(x, factor)",
        SCALE_HIDDEN,
        SCALE_REFERENCE,
        "{wall_seconds: 8, call_seconds: 2, memory_mib: 256}",
    )
    with (folder / "exercise.yaml").open("a") as handle:
        handle.write("concepts: [card-broadcast, card-autograd]\n")
    return pack


def test_every_batch_writes_a_class_summary_and_prints_its_table(
    tmp_path: Path, linked_pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    classroom = tmp_path / "class"
    classroom.mkdir()
    (classroom / "alice.py").write_text(CORRECT)
    (classroom / "bob.py").write_text("def scale(x, factor):\n    return x + factor\n")
    (classroom / "carl.py").write_text("def scale(x, factor)\n    return x\n")
    (classroom / "dora.py").write_bytes(b"\xff")
    out = tmp_path / "out"
    args = ["grade-batch", "scale", str(classroom), "--out", str(out)]
    assert main([*args, "--exercises", str(linked_pack), "--similarity"]) == 1
    printed = capsys.readouterr().out
    assert "scale: 3 graded" in printed and "test_values" in printed
    summary = json.loads((out / "summary.json").read_text())
    assert summary["students"] == 4 and summary["graded"] == 3
    assert summary["verdicts"]["syntax error"] == 1 and summary["verdicts"]["not graded"] == 1
    assert summary["missed_concepts"] == {"card-autograd": 2, "card-broadcast": 2}
    assert summary["histogram"][-1] == 1  # alice's full marks
    markdown = (out / "summary.md").read_text()
    assert "| card-autograd | 2 |" in markdown
    assert "## Most similar submissions (scale)" in markdown  # --similarity's top pairs
    # a re-run grades nothing and writes the same summary from the stored reports
    main([*args, "--exercises", str(linked_pack)])
    assert json.loads((out / "summary.json").read_text()) == summary

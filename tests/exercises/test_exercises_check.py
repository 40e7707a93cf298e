"""`dlprep exercises check DIR`: a sound pack exits 0; each kind of bad input is named with file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from exercises_support import VALID_YAML, write_exercise

from dlprep.cli import main

GOOD_TEST = """import pytest


@pytest.mark.describe(en="returns its argument", zh="返回参数本身")
def test_toy(student):
    assert student.toy(1) == 1
"""
CARD = "linear-softmax-linreg-one-layer"


def good_exercise(root: Path, exercise_id: str = "toy") -> Path:
    """A toy exercise that passes every check: described test, a card, one wrong version."""
    folder = write_exercise(
        root, exercise_id, yaml_text=VALID_YAML.format(id=exercise_id, kind="function")
    )
    yaml_path = folder / "exercise.yaml"
    yaml_path.write_text(
        yaml_path.read_text(encoding="utf-8").replace("concepts: []", f"concepts: [{CARD}]"),
        encoding="utf-8",
    )
    (folder / "hidden" / "test_toy.py").write_text(GOOD_TEST, encoding="utf-8")
    (folder / "wrong").mkdir()
    (folder / "wrong" / "off_by_one.py").write_text("def toy(x):\n    return x + 1\n")
    return folder


def check(capsys: pytest.CaptureFixture[str], pack: Path) -> tuple[int, dict[str, object]]:
    status = main(["exercises", "check", str(pack), "--seeds", "1", "--json"])
    return status, json.loads(capsys.readouterr().out)


def problems(summary: dict[str, object]) -> list[dict[str, object]]:
    return [finding for finding in summary["findings"] if not finding["ok"]]  # type: ignore[union-attr]


def test_a_sound_pack_passes(capsys, tmp_path):
    good_exercise(tmp_path)
    status, summary = check(capsys, tmp_path)
    assert (status, summary["ok"], problems(summary)) == (0, True, [])
    checks = {finding["check"] for finding in summary["findings"]}
    assert {"reference", "seeds", "wrong", "proves nothing", "describe", "forbid"} <= checks


def test_the_table_names_every_check(capsys, tmp_path):
    good_exercise(tmp_path)
    assert main(["exercises", "check", str(tmp_path), "--seeds", "0"]) == 0
    out = capsys.readouterr().out
    assert "proves nothing" in out and "FAIL" not in out


def test_a_broken_exercise_yaml_is_named_with_its_line_and_the_rest_is_checked(capsys, tmp_path):
    good_exercise(tmp_path, "toy_ok")
    write_exercise(tmp_path, "toy_bad", yaml_text=VALID_YAML.format(id="toy_bad", kind="quiz"))
    status, summary = check(capsys, tmp_path)
    assert status == 1 and summary["exercises"] == ["toy_ok"]
    [problem] = problems(summary)
    assert (problem["exercise"], problem["check"], problem["line"]) == (
        "toy_bad",
        "exercise.yaml",
        3,
    )
    assert problem["path"] == str(tmp_path / "toy_bad" / "exercise.yaml")
    assert "kind: expected one of function, class, training" in problem["message"]


def test_a_hidden_test_with_a_syntax_error_is_named_with_its_line(capsys, tmp_path):
    folder = good_exercise(tmp_path)
    (folder / "hidden" / "test_toy.py").write_text("def test_toy(student)\n    pass\n")
    status, summary = check(capsys, tmp_path)
    assert status == 1
    [problem] = problems(summary)
    assert (problem["check"], problem["line"]) == ("hidden tests", 1)
    assert problem["path"].endswith("test_toy.py")


def test_a_failing_reference_is_named(capsys, tmp_path):
    folder = good_exercise(tmp_path)
    (folder / "reference.py").write_text("def toy(x):\n    return 2 * x\n")
    status, summary = check(capsys, tmp_path)
    found = {(p["check"], p["line"]) for p in problems(summary)}
    assert status == 1 and ("reference", 5) in found and ("seeds", 5) in found


def test_a_missing_prompt_language_is_named(capsys, tmp_path):
    folder = good_exercise(tmp_path)
    (folder / "prompt.zh.md").unlink()
    status, summary = check(capsys, tmp_path)
    [problem] = problems(summary)
    assert status == 1 and problem["check"] == "prompts"
    assert problem["path"] == str(folder / "prompt.zh.md")
    listed = main(["exercises", "list", "--exercises", str(tmp_path)])
    assert listed == 1 and "prompt.zh.md: missing" in capsys.readouterr().err


def test_a_wrong_version_that_passes_and_a_test_that_proves_nothing(capsys, tmp_path):
    folder = good_exercise(tmp_path)
    (folder / "wrong" / "same.py").write_text("def toy(x):\n    return x\n")
    (folder / "hidden" / "test_more.py").write_text(
        GOOD_TEST.replace("test_toy", "test_type").replace("== 1", "is not None")
    )
    status, summary = check(capsys, tmp_path)
    found = {(p["check"], p["message"]) for p in problems(summary)}
    assert status == 1
    assert ("wrong", "passes every hidden test") in found
    assert ("proves nothing", "test_more.py::test_type: no wrong version fails it") in found


def test_a_test_without_description_is_a_finding(capsys, tmp_path):
    folder = good_exercise(tmp_path)
    (folder / "hidden" / "test_toy.py").write_text(
        "def test_toy(student):\n    assert student.toy(1) == 1\n"
    )
    status, summary = check(capsys, tmp_path)
    [problem] = problems(summary)
    assert (status, problem["check"], problem["line"]) == (1, "describe", 1)


def test_a_reference_that_breaks_the_forbid_rules_is_named(capsys, tmp_path):
    folder = good_exercise(tmp_path)
    with (folder / "exercise.yaml").open("a") as yaml_file:
        yaml_file.write("forbid: [torch.relu]\n")
    (folder / "reference.py").write_text(
        "import torch\n\nrelu = torch.relu\n\ndef toy(x):\n    return x\n"
    )
    status, summary = check(capsys, tmp_path)
    # the grader refuses such a reference too (static rules), so its own grading fails as well
    [problem] = [problem for problem in problems(summary) if problem["check"] == "forbid"]
    assert (status, problem["line"]) == (1, 3)


def test_a_reference_with_dynamic_access_in_a_forbid_exercise_is_named(capsys, tmp_path):
    folder = good_exercise(tmp_path)
    with (folder / "exercise.yaml").open("a") as yaml_file:
        yaml_file.write("forbid: [torch.relu]\n")
    (folder / "reference.py").write_text("import importlib\n\ndef toy(x):\n    return x\n")
    status, summary = check(capsys, tmp_path)
    [problem] = [problem for problem in problems(summary) if problem["check"] == "forbid"]
    assert (status, problem["line"]) == (1, 1) and "importlib" in problem["message"]


def test_an_unknown_card_and_no_wrong_folder_are_findings(capsys, tmp_path):
    folder = good_exercise(tmp_path)
    yaml_path = folder / "exercise.yaml"
    yaml_path.write_text(yaml_path.read_text().replace(CARD, "no-such-card"))
    for path in (folder / "wrong").iterdir():
        path.unlink()
    status, summary = check(capsys, tmp_path)
    found = {p["check"] for p in problems(summary)}
    assert status == 1 and {"concepts", "wrong", "proves nothing"} <= found


def test_check_of_a_missing_directory_exits_2(capsys, tmp_path):
    assert main(["exercises", "check", str(tmp_path / "none")]) == 2

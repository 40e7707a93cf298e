"""`dlprep similarity`: copies are found through renaming and reordering; the starter is no evidence."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from dlprep.cli import main
from dlprep.exercises.registry import get_exercise
from dlprep.grader.similarity import PUBLIC, REFERENCE, STUDENT, find_similar, safe_name

ORIGINAL = """import torch


def make_mask(shape, keep, device):
    return (torch.rand(shape, device=device) < keep).float()


def dropout_layer(X, dropout):
    assert 0 <= dropout <= 1
    if dropout == 1:
        return torch.zeros_like(X)
    if dropout == 0:
        return X
    mask = make_mask(X.shape, 1 - dropout, X.device)
    return mask * X / (1.0 - dropout)
"""

# The same code with every name changed and the two functions in the other order.
DISGUISED = """import torch


def dropout_layer(inputs, p):
    assert 0 <= p <= 1
    if p == 1:
        return torch.zeros_like(inputs)
    if p == 0:
        return inputs
    m = build_keep(inputs.shape, 1 - p, inputs.device)
    return m * inputs / (1.0 - p)


def build_keep(size, prob, dev):
    return (torch.rand(size, device=dev) < prob).float()
"""

INDEPENDENT = """import torch


def dropout_layer(X, dropout):
    if not 0.0 <= dropout <= 1.0:
        raise ValueError("dropout must be in [0, 1]")
    keep = 1.0 - dropout
    if keep == 0.0:
        return X * 0.0
    draws = torch.empty_like(X).uniform_(0, 1)
    scaled = torch.where(draws < keep, X / keep, torch.zeros_like(X))
    return scaled
"""


def _class(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "class"
    folder.mkdir()
    for name, source in files.items():
        (folder / f"{name}.py").write_text(source, "utf-8")
    return folder


def _similarity(result: object, a: str, b: str) -> float:
    for pair in result.pairs:
        if {pair.a, pair.b} == {a, b}:
            return float(pair.similarity)
    raise AssertionError(f"no pair {a}/{b}")


def test_renamed_and_reordered_copy_ranks_first(tmp_path: Path) -> None:
    folder = _class(tmp_path, {"alice": ORIGINAL, "bob": DISGUISED, "carol": INDEPENDENT})
    result = find_similar(get_exercise("dropout_layer"), folder, out=tmp_path / "out")
    students = [pair for pair in result.pairs if pair.kind == STUDENT]
    assert {students[0].a, students[0].b} == {"alice", "bob"}
    assert students[0].similarity >= 0.9
    assert _similarity(result, "alice", "carol") < 0.3
    assert set(result.flagged()) == {"alice", "bob"}


def test_a_copy_of_the_reference_is_found_and_the_reference_is_not_flagged(tmp_path: Path) -> None:
    exercise = get_exercise("dropout_layer")
    reference = exercise.reference_path.read_text("utf-8")
    folder = _class(tmp_path, {"dave": reference, "carol": INDEPENDENT})
    result = find_similar(exercise, folder, out=tmp_path / "out")
    top = result.pairs[0]
    assert (top.a, top.b, top.kind) == ("dave", "reference", REFERENCE)
    assert top.similarity >= 0.95
    assert result.flagged() == {"dave": f"{top.similarity:.2f} reference"}


def test_public_solutions_are_compared_too(tmp_path: Path) -> None:
    public = tmp_path / "public"
    (public / "blog").mkdir(parents=True)
    (public / "blog" / "post.py").write_text(DISGUISED, "utf-8")
    folder = _class(tmp_path, {"alice": ORIGINAL, "carol": INDEPENDENT})
    result = find_similar(
        get_exercise("dropout_layer"), folder, against=[public], out=tmp_path / "out"
    )
    assert [(p.a, p.kind) for p in result.pairs if p.similarity >= 0.9] == [("alice", PUBLIC)]


def test_the_starter_is_boilerplate(tmp_path: Path) -> None:
    exercise = get_exercise("dropout_layer")
    starter = exercise.starter_path.read_text("utf-8")
    folder = _class(tmp_path, {"erin": starter, "frank": starter + "\n# nothing yet\n"})
    result = find_similar(exercise, folder, out=tmp_path / "out")
    assert _similarity(result, "erin", "frank") == 0.0
    assert result.flagged() == {}


def test_names_from_files_are_made_safe() -> None:
    assert safe_name("=1+2") == "_1_2"
    assert safe_name("-cmd") == "cmd"
    assert safe_name("\x1b[2Jevil") == "__2Jevil"
    assert safe_name("张三") == "张三"
    assert safe_name("...") == "_"


def test_cli_writes_reports_and_flags_the_gradebook(tmp_path: Path, capsys) -> None:
    folder = _class(tmp_path, {"alice": ORIGINAL, "bob": DISGUISED, "carol": INDEPENDENT})
    out = tmp_path / "batch"
    out.mkdir()
    with (out / "gradebook.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(
            [["name", "score"], ["alice", "21"], ["bob", "21"], ["carol", "20"]]
        )
    assert main(["similarity", "dropout_layer", str(folder), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "alice" in printed and "2 of 3 flagged" in printed
    data = json.loads((out / "similarity.json").read_text("utf-8"))
    assert data["submissions"] == 3 and set(data["flagged"]) == {"alice", "bob"}
    assert "Most similar submissions" in (out / "similarity.md").read_text("utf-8")
    html = (out / "similarity.html").read_text("utf-8")
    assert "highlight-red" in html and "build_keep" in html
    rows = list(csv.DictReader((out / "gradebook.csv").open(encoding="utf-8")))
    assert [row["similar_to"][5:] for row in rows] == ["bob", "alice", ""]
    # Run again: the column is refreshed, not duplicated.
    assert main(["similarity", "dropout_layer", str(folder), "--out", str(out)]) == 0
    header = next(csv.reader((out / "gradebook.csv").open(encoding="utf-8")))
    assert header == ["name", "score", "similar_to"]


@pytest.mark.parametrize("threshold", ["1.5", "x"])
def test_bad_threshold_is_a_usage_error(tmp_path: Path, threshold: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["similarity", "dropout_layer", str(tmp_path), "--threshold", threshold])
    assert exit_info.value.code == 2


def test_missing_directory_is_an_input_error(tmp_path: Path, capsys) -> None:
    assert main(["similarity", "dropout_layer", str(tmp_path / "nope")]) == 2
    assert "not a directory" in capsys.readouterr().err

"""`dlprep exercises list|show|starter` and `dlprep reference`: output, JSON fields, exit statuses."""

from __future__ import annotations

import json

import pytest
from exercises_support import BUILTIN, VALID_YAML, write_exercise

from dlprep.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_list_json_has_the_listing_fields(capsys):
    status, out, err = run(capsys, "exercises", "list", "--json")
    assert (status, err) == (0, "")
    listing = {item["id"]: item for item in json.loads(out)}
    assert sorted(listing) == list(BUILTIN)
    assert {"batch_norm", "cross_entropy", "dropout_layer", "train_ch6", "MyLinear"} <= set(listing)
    assert listing["MyLinear"]["kind"] == "class"
    assert "torch.nn.functional.dropout" in listing["dropout_layer"]["forbid"]
    dropout = listing["dropout_layer"]
    assert dropout["title"] == {"en": "Dropout from scratch", "zh": "从零实现暂退法（Dropout）"}
    assert (dropout["kind"], dropout["entry"], dropout["signature"]) == (
        "function",
        "dropout_layer",
        "dropout_layer(X, dropout)",
    )
    assert "regularization-dropout-scaling" in dropout["concepts"] and "dropout" in dropout["tags"]
    assert dropout["difficulty"] == 2 and listing["train_ch6"]["kind"] == "training"


def test_list_table_shows_ids_and_titles(capsys):
    status, out, _ = run(capsys, "exercises", "list")
    assert status == 0
    assert "cross_entropy" in out and "Train LeNet on FashionMNIST" in out


def test_list_with_a_broken_pack_lists_the_rest_and_fails(capsys, tmp_path):
    write_exercise(tmp_path, "toy_ok")
    write_exercise(tmp_path, "toy_bad", yaml_text=VALID_YAML.format(id="toy_bad", kind="quiz"))
    status, out, err = run(capsys, "exercises", "list", "--json", "--exercises", str(tmp_path))
    assert status == 1
    assert "toy_ok" in {item["id"] for item in json.loads(out)}
    assert (
        f"{tmp_path / 'toy_bad' / 'exercise.yaml'}:3: kind: expected one of function, class, training"
        in err
    )


def test_show_prints_the_raw_prompt_when_piped(capsys):
    status, out, _ = run(capsys, "exercises", "show", "batch_norm")
    assert status == 0
    assert out.startswith("# Batch normalisation from scratch\n")
    assert "nn.BatchNorm2d(momentum=0.1)" in out


def test_show_in_chinese(capsys):
    status, out, _ = run(capsys, "exercises", "show", "cross_entropy", "--lang", "zh")
    assert status == 0 and out.startswith("# 从预测概率实现交叉熵损失")


def test_show_renders_markdown_on_a_terminal(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    status, out, _ = run(capsys, "exercises", "show", "dropout_layer")
    assert status == 0
    assert "Dropout from scratch" in out and "# Dropout from scratch" not in out


def test_starter_prints_the_starter_file(capsys):
    status, out, _ = run(capsys, "exercises", "starter", "dropout_layer")
    assert status == 0
    assert out.startswith("import torch\n") and "def dropout_layer(X, dropout):" in out


@pytest.mark.parametrize(
    "argv", [("exercises", "show", "nope"), ("exercises", "starter", "nope"), ("reference", "nope")]
)
def test_unknown_exercise_exits_2(capsys, argv):
    status, out, err = run(capsys, *argv)
    assert (status, out) == (2, "")
    assert "unknown exercise 'nope'" in err


def test_exercises_without_action_prints_usage(capsys):
    status, _, err = run(capsys, "exercises")
    assert status == 2 and "list" in err


def test_reference_refuses_a_function_exercise(capsys):
    status, _, err = run(capsys, "reference", "dropout_layer")
    assert status == 2 and "reference runs are for training exercises" in err


def test_reference_full_profile_without_data_says_what_to_pass(capsys, monkeypatch):
    monkeypatch.delenv("DLPREP_DATA", raising=False)
    status, out, err = run(capsys, "reference", "train_ch6", "--profile", "full", "--seeds", "1")
    assert (status, out) == (2, "")
    assert "pass --data-dir DIR or set DLPREP_DATA" in err


def test_reference_data_dir_must_exist(capsys, tmp_path):
    status, _, err = run(
        capsys, "reference", "train_ch6", "--profile", "full", "--data-dir", str(tmp_path / "none")
    )
    assert status == 2 and "--data-dir must be a directory" in err


def test_reference_seeds_must_be_positive(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["reference", "train_ch6", "--seeds", "0"])
    assert exit_info.value.code == 2
    assert "expected a positive integer, got '0'" in capsys.readouterr().err

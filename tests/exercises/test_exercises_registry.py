"""The exercise registry: built-in exercises load, instructor packs add to them, bad folders are reported precisely."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from exercises_support import BUILTIN, VALID_YAML, write_exercise

from dlprep.exercises.registry import ExerciseError, exercise_dirs, get_exercise, load_exercises

CLASS_EXERCISES = (
    "Accumulator",
    "CNNNet",
    "CenteredLayer",
    "CosineScheduler",
    "MyLinear",
    "MySequential",
)


def only_problem(pack: Path) -> ExerciseError:
    """The single problem reported when loading the built-ins plus `pack`."""
    _, errors = load_exercises([pack])
    assert len(errors) == 1, [str(error) for error in errors]
    return errors[0]


def test_builtin_exercises_load_without_problems():
    exercises, errors = load_exercises()
    assert [str(error) for error in errors] == []
    assert {"batch_norm", "cross_entropy", "dropout_layer", "train_ch6"} <= set(BUILTIN)
    assert [exercise.id for exercise in exercises] == list(BUILTIN)
    ids = [exercise.id for exercise in exercises]
    assert set(BUILTIN + CLASS_EXERCISES) <= set(ids) and ids == sorted(ids)
    assert {exercise.kind for exercise in exercises if exercise.id in CLASS_EXERCISES} == {"class"}


def test_builtin_exercise_fields_and_paths():
    exercise = get_exercise("batch_norm")
    assert exercise.kind == "function" and exercise.entry == "batch_norm"
    assert exercise.title.en == "Batch normalisation from scratch" and exercise.title.zh
    assert "normalization-bn-momentum-convention" in exercise.concepts
    assert exercise.limits.call_seconds == 10.0 and exercise.limits.memory_mib == 2048
    assert exercise.starter_path.is_file() and exercise.reference_path.is_file()
    assert sorted(path.name for path in exercise.hidden_dir.glob("test_*.py")) == [
        "test_batch_norm.py"
    ]
    assert "momentum" in exercise.prompt("en") and "动量" in exercise.prompt("zh")


def test_training_exercise_has_reference_runs():
    assert get_exercise("train_ch6").reference_runs_path.is_file()


def test_prompt_rejects_unknown_language():
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        get_exercise("dropout_layer").prompt("fr")


def test_instructor_pack_from_option_and_environment(tmp_path, monkeypatch):
    write_exercise(tmp_path / "from_option", "toy_a")
    write_exercise(tmp_path / "env1", "toy_b")
    single = write_exercise(tmp_path / "env2", "toy_c")  # a directory that is one exercise
    monkeypatch.setenv("DLPREP_EXERCISES", os.pathsep.join([str(tmp_path / "env1"), str(single)]))
    exercises, errors = load_exercises([tmp_path / "from_option"])
    assert errors == []
    assert {"toy_a", "toy_b", "toy_c"} <= {exercise.id for exercise in exercises}
    assert exercise_dirs([tmp_path / "from_option"])[1:] == [
        tmp_path / "env1",
        single,
        tmp_path / "from_option",
    ]


def test_limits_tags_and_concepts_are_optional(tmp_path):
    yaml_text = 'id: toy\ntitle: {en: T, zh: 题}\nkind: function\nentry: toy\nsignature: "toy(x)"\ndifficulty: 2\n'
    write_exercise(tmp_path, yaml_text=yaml_text)
    exercise = get_exercise("toy", [tmp_path])
    assert exercise.tags == () and exercise.concepts == ()
    assert (
        exercise.limits.wall_seconds,
        exercise.limits.call_seconds,
        exercise.limits.memory_mib,
    ) == (60.0, 10.0, 2048)


@pytest.mark.parametrize(
    ("change", "line", "field", "message"),
    [
        (
            ("kind: function", "kind: quiz"),
            3,
            "kind",
            "expected one of function, class, training, got 'quiz'",
        ),
        (
            ("difficulty: 1", "difficulty: 9"),
            8,
            "difficulty",
            "expected an integer from 1 to 5, got 9",
        ),
        (("tags: [toy]", "tags: toy"), 6, "tags", "expected a list of names"),
        (("entry: toy", "entry: 2fast"), 4, "entry", "expected the Python name"),
        (
            ('title: {en: "Toy", zh: "玩具"}', 'title: {en: "Toy"}'),
            2,
            "title.zh",
            "missing or empty",
        ),
        (
            ("memory_mib: 1024", "memory_mib: -1"),
            9,
            "limits.memory_mib",
            "expected a positive number, got -1",
        ),
        (("memory_mib: 1024", "gpus: 1"), 9, "limits.gpus", "unknown limit"),
        (("tags: [toy]", "tags: [toy]\nauthor: me"), 7, "author", "unknown field"),
        (("tags: [toy]", "tags: [toy]\ntags: [again]"), 7, "tags", "duplicate field"),
    ],
)
def test_bad_field_is_reported_with_file_line_and_field(tmp_path, change, line, field, message):
    folder = write_exercise(
        tmp_path, yaml_text=VALID_YAML.format(id="toy", kind="function").replace(*change)
    )
    error = only_problem(tmp_path)
    assert (error.path, error.line, error.field) == (folder / "exercise.yaml", line, field)
    assert message in error.message
    assert str(error).startswith(f"{folder / 'exercise.yaml'}:{line}: {field}: ")


def test_missing_required_field(tmp_path):
    write_exercise(
        tmp_path,
        yaml_text=VALID_YAML.format(id="toy", kind="function").replace('signature: "toy(x)"\n', ""),
    )
    error = only_problem(tmp_path)
    assert (error.field, error.message) == ("signature", "missing required field")


def test_id_must_match_folder_name(tmp_path):
    write_exercise(tmp_path, "toy", yaml_text=VALID_YAML.format(id="other", kind="function"))
    error = only_problem(tmp_path)
    assert (error.line, error.field) == (1, "id")
    assert "'other' differs from the folder name 'toy'" in error.message


def test_invalid_yaml_names_the_line(tmp_path):
    write_exercise(tmp_path, yaml_text='id: toy\ntitle: {en: "T", zh: "题"\nkind: function\n')
    error = only_problem(tmp_path)
    assert error.field == "exercise.yaml" and error.message.startswith("invalid YAML")
    assert error.line == 3


def test_yaml_that_is_not_a_mapping(tmp_path):
    write_exercise(tmp_path, yaml_text="- id: toy\n")
    assert "expected a mapping of fields" in only_problem(tmp_path).message


@pytest.mark.parametrize("name", ["prompt.md", "prompt.zh.md", "starter.py", "reference.py"])
def test_missing_file_is_reported(toy_folder, name):
    (toy_folder / name).unlink()
    error = only_problem(toy_folder.parent)
    assert (error.path, error.field) == (toy_folder / name, name)
    assert "missing" in error.message


def test_missing_hidden_tests_are_reported(toy_folder):
    (toy_folder / "hidden" / "test_toy.py").unlink()
    error = only_problem(toy_folder.parent)
    assert error.field == "hidden" and "no hidden tests" in error.message


def test_training_exercise_needs_reference_runs(tmp_path):
    folder = write_exercise(tmp_path, kind="training")
    (folder / "reference_runs.json").unlink()
    error = only_problem(tmp_path)
    assert error.field == "reference_runs.json"
    assert "dlprep reference ID --profile quick" in error.message


def test_invalid_reference_runs_json_names_the_line(tmp_path):
    folder = write_exercise(tmp_path, kind="training")
    (folder / "reference_runs.json").write_text('{\n  "quick": {,}\n}\n', encoding="utf-8")
    error = only_problem(tmp_path)
    assert (error.line, error.field) == (2, "reference_runs.json")


def test_broken_exercise_does_not_hide_the_others(tmp_path):
    write_exercise(tmp_path, "good")
    write_exercise(tmp_path, "bad", yaml_text=VALID_YAML.format(id="bad", kind="nope"))
    exercises, errors = load_exercises([tmp_path])
    assert "good" in {exercise.id for exercise in exercises}
    assert [error.path.parent.name for error in errors] == ["bad"]


def test_folder_without_exercise_yaml_in_a_pack_is_reported(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "__pycache__").mkdir()
    error = only_problem(tmp_path)
    assert error.path == tmp_path / "notes" / "exercise.yaml"


def test_missing_pack_directory_is_reported(tmp_path):
    error = only_problem(tmp_path / "nowhere")
    assert (error.field, error.message) == ("exercises", "not a directory")


def test_duplicate_id_keeps_the_first(tmp_path):
    write_exercise(tmp_path, "dropout_layer")
    exercises, errors = load_exercises([tmp_path])
    assert get_exercise("dropout_layer").path.parent.name == "exercises"
    assert len(errors) == 1 and "duplicate exercise id 'dropout_layer'" in errors[0].message
    assert len([exercise for exercise in exercises if exercise.id == "dropout_layer"]) == 1


def test_get_exercise_unknown_and_broken(tmp_path):
    with pytest.raises(ExerciseError, match=rf"unknown exercise 'nope' \(known: {BUILTIN[0]}, "):
        get_exercise("nope")
    write_exercise(tmp_path, "broken", yaml_text=VALID_YAML.format(id="broken", kind="nope"))
    with pytest.raises(ExerciseError, match="kind: expected one of function, class, training"):
        get_exercise("broken", [tmp_path])


def test_registry_does_not_import_torch():
    code = "import sys, dlprep.exercises.registry as r; r.load_exercises(); print('torch' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"

"""The exercise registry: finds exercise folders (built-in and instructor packs) and loads them as `Exercise`s.

Folders come from the built-in `exercises/` directory, then each directory of
`DLPREP_EXERCISES` (os.pathsep-separated), then those given with `--exercises DIR`. A
directory is either one exercise (it holds exercise.yaml) or a pack of exercise folders. A
broken exercise is skipped with its problems reported; the others load. Never imports torch,
so that a screen may list exercises through this module without slowing start-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dlprep.env import EXERCISES_ENV, env_paths
from dlprep.exercises.validation import (
    REFERENCE_RUNS_FILE,
    ExerciseError,
    ExerciseFields,
    Limits,
    check_exercise_yaml,
    check_files,
)

__all__ = [
    "Exercise",
    "ExerciseError",
    "ExerciseFields",
    "Limits",
    "builtin_dir",
    "exercise_dirs",
    "get_exercise",
    "load_exercises",
    "load_pack",
]

EXERCISE_FILE = "exercise.yaml"
PROMPT_FILES = {"en": "prompt.md", "zh": "prompt.zh.md"}


@dataclass(frozen=True)
class Exercise(ExerciseFields):
    """One exercise folder, validated: the fields of its exercise.yaml and where it is."""

    path: Path = field(kw_only=True)

    def prompt(self, lang: str = "en") -> str:
        """The task in Markdown: `lang` "en" or "zh"."""
        if lang not in PROMPT_FILES:
            raise ValueError(
                f"unknown language {lang!r}; expected one of {', '.join(PROMPT_FILES)}"
            )
        return (self.path / PROMPT_FILES[lang]).read_text(encoding="utf-8")

    @property
    def starter_path(self) -> Path:
        return self.path / "starter.py"

    @property
    def reference_path(self) -> Path:
        return self.path / "reference.py"

    @property
    def hidden_dir(self) -> Path:
        return self.path / "hidden"

    @property
    def wrong_dir(self) -> Path:
        """Wrong implementations that prove the hidden tests can fail (never in the sandbox)."""
        return self.path / "wrong"

    @property
    def wrong_paths(self) -> list[Path]:
        return sorted(self.wrong_dir.glob("*.py"))

    @property
    def reference_runs_path(self) -> Path:
        return self.path / REFERENCE_RUNS_FILE


def builtin_dir() -> Path:
    """The directory of the built-in exercise folders."""
    return Path(__file__).resolve().parent


def exercise_dirs(extra: Sequence[Path] = ()) -> list[Path]:
    """Where exercises are looked for: built-in, then $DLPREP_EXERCISES, then `extra`."""
    return [builtin_dir(), *env_paths(EXERCISES_ENV), *(Path(directory) for directory in extra)]


def load_exercises(extra: Sequence[Path] = ()) -> tuple[list[Exercise], list[ExerciseError]]:
    """Every valid exercise (sorted by id) and the problems of those that could not be loaded."""
    exercises: dict[str, Exercise] = {}
    errors: list[ExerciseError] = []
    for folder in _exercise_folders(exercise_dirs(extra), errors):
        exercise, problems = _load_folder(folder)
        errors.extend(problems)
        if exercise is None:
            continue
        if exercise.id in exercises:
            errors.append(
                ExerciseError(
                    folder / EXERCISE_FILE,
                    None,
                    "id",
                    f"duplicate exercise id "
                    f"{exercise.id!r}, already loaded from {exercises[exercise.id].path}",
                )
            )
            continue
        exercises[exercise.id] = exercise
    return sorted(exercises.values(), key=lambda item: item.id), errors


def load_pack(directory: Path) -> tuple[list[Exercise], list[ExerciseError]]:
    """The exercises of one directory only (an exercise folder or a pack), and the problems."""
    errors: list[ExerciseError] = []
    exercises: list[Exercise] = []
    for folder in _exercise_folders([Path(directory)], errors):
        exercise, problems = _load_folder(folder)
        errors.extend(problems)
        if exercise is not None:
            exercises.append(exercise)
    return sorted(exercises, key=lambda item: item.id), errors


def get_exercise(exercise_id: str, extra: Sequence[Path] = ()) -> Exercise:
    """The exercise named `exercise_id`; raises ExerciseError when it is unknown or broken."""
    exercises, errors = load_exercises(extra)
    for exercise in exercises:
        if exercise.id == exercise_id:
            return exercise
    for error in errors:
        if error.path.parent.name == exercise_id or error.path.name == exercise_id:
            raise error
    known = ", ".join(exercise.id for exercise in exercises) or "none"
    raise ExerciseError(
        Path(exercise_id), None, "id", f"unknown exercise {exercise_id!r} (known: {known})"
    )


def _exercise_folders(directories: Sequence[Path], errors: list[ExerciseError]) -> list[Path]:
    folders: list[Path] = []
    for directory in directories:
        if not directory.is_dir():
            errors.append(ExerciseError(directory, None, "exercises", "not a directory"))
        elif (directory / EXERCISE_FILE).is_file():
            folders.append(directory)
        else:
            folders.extend(_pack_folders(directory, errors))
    return folders


def _pack_folders(directory: Path, errors: list[ExerciseError]) -> list[Path]:
    """Sub-folders of a pack; a visible sub-folder without exercise.yaml is reported."""
    folders = []
    for child in sorted(directory.iterdir()):
        if not child.is_dir() or child.name.startswith((".", "_")):
            continue
        if (child / EXERCISE_FILE).is_file():
            folders.append(child)
        else:
            errors.append(
                ExerciseError(
                    child / EXERCISE_FILE,
                    None,
                    EXERCISE_FILE,
                    "missing: an exercise folder needs exercise.yaml",
                )
            )
    return folders


def _load_folder(folder: Path) -> tuple[Exercise | None, list[ExerciseError]]:
    checked = check_exercise_yaml(folder / EXERCISE_FILE, folder.name)
    errors = checked.errors + check_files(folder, checked.kind)
    if errors:
        return None, errors
    if checked.fields is None:  # not reached: a folder without fields has errors
        return None, []
    return Exercise(**vars(checked.fields), path=folder.resolve()), []

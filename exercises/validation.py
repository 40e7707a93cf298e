"""Validation of one exercise folder: exercise.yaml's fields (with their lines) and the required files.

exercise.yaml is read once as PyYAML's node tree (`dlprep/yaml_nodes.py`, shared with the deck
validator), so every key and value keeps its line. Every problem becomes an `ExerciseError`
naming file, line and field ("file:line: field: message"), and all problems of a folder are
reported together. The fields that pass become an `ExerciseFields`. Nothing here imports torch.

To add a field: give `ExerciseFields` an attribute (with a default when it is optional), write
its `_check_*` function, and read it in `_read_fields`; unknown fields stay errors by themselves.
"""

from __future__ import annotations

import json
import keyword
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import TypeVar

from yaml.nodes import Node

from dlprep.concepts.model import TEXT_LANGUAGES, Text
from dlprep.yaml_nodes import (
    YamlSyntaxError,
    compose_document,
    construct,
    format_problem,
    is_mapping,
    line_of,
    mapping_entries,
)

_T = TypeVar("_T")

KINDS = ("function", "class", "training")
REQUIRED_FILES = ("prompt.md", "prompt.zh.md", "starter.py", "reference.py")
REFERENCE_RUNS_FILE = "reference_runs.json"
MIN_DIFFICULTY, MAX_DIFFICULTY = 1, 5


@dataclass(frozen=True)
class Limits:
    """Resource limits of one grading: per submission, per call, address space."""

    wall_seconds: float = 60.0
    call_seconds: float = 10.0
    memory_mib: int = 2048


LIMIT_NAMES = tuple(limit.name for limit in fields(Limits))


@dataclass(frozen=True)
class ExerciseFields:
    """The fields of a valid exercise.yaml (optional ones hold their defaults when absent)."""

    id: str
    title: Text
    kind: str
    entry: str
    signature: str
    difficulty: int
    tags: tuple[str, ...] = ()
    concepts: tuple[str, ...] = ()
    limits: Limits = field(default_factory=Limits)
    forbid: tuple[
        str, ...
    ] = ()  # dotted names the learner must not call (see grader/forbid_verdict.py)


KNOWN_FIELDS = tuple(item.name for item in fields(ExerciseFields))
REQUIRED_FIELDS = tuple(
    item.name
    for item in fields(ExerciseFields)
    if item.default is MISSING and item.default_factory is MISSING
)


class ExerciseError(Exception):
    """A problem with an exercise: `str(error)` is "file:line: field: message"."""

    def __init__(self, path: Path, line: int | None, field: str, message: str) -> None:
        self.path = path
        self.line = line
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        return format_problem(self.path, self.line, self.field, self.message)


@dataclass
class Checked:
    """What reading an exercise.yaml gave: its fields when valid (None otherwise), every problem."""

    path: Path
    fields: ExerciseFields | None = None
    kind: str | None = None  # known even when other fields are wrong: which files to require
    errors: list[ExerciseError] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)

    def error(self, field_name: str, message: str, line: int | None = None) -> None:
        line = (
            line
            if line is not None
            else self.lines.get(field_name, self.lines.get(field_name.split(".")[0]))
        )
        self.errors.append(ExerciseError(self.path, line, field_name, message))


def check_exercise_yaml(path: Path, folder_name: str) -> Checked:
    """Parse and validate `path`; `fields` is set when `errors` is empty."""
    checked = Checked(path)
    try:
        root = compose_document(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        checked.error("exercise.yaml", f"cannot read: {error}", 1)
        return checked
    except YamlSyntaxError as error:
        checked.error("exercise.yaml", error.message, error.line)
        return checked
    if root is None or not is_mapping(root):
        checked.error("exercise.yaml", "expected a mapping of fields (id, title, kind, ...)", 1)
        return checked
    data = _read_values(root, checked)
    if data is not None:
        fields_read = _read_fields(data, folder_name, checked)
        checked.fields = fields_read if not checked.errors else None
    return checked


def check_files(folder: Path, kind: str | None) -> list[ExerciseError]:
    """Problems with the files every exercise folder needs (and reference_runs.json for training)."""
    errors = [
        ExerciseError(folder / name, None, name, "missing: every exercise needs this file")
        for name in REQUIRED_FILES
        if not (folder / name).is_file()
    ]
    if not sorted((folder / "hidden").glob("test_*.py")):
        errors.append(
            ExerciseError(
                folder / "hidden",
                None,
                "hidden",
                "no hidden tests: add at least one hidden/test_*.py",
            )
        )
    if kind == "training":
        errors.extend(_check_reference_runs(folder / REFERENCE_RUNS_FILE))
    return errors


def _check_reference_runs(path: Path) -> list[ExerciseError]:
    if not path.is_file():
        return [
            ExerciseError(
                path,
                None,
                REFERENCE_RUNS_FILE,
                "missing: a training exercise needs its "
                "reference bands (dlprep reference ID --profile quick --seeds 3 --write)",
            )
        ]
    try:
        bands = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        return [
            ExerciseError(path, error.lineno, REFERENCE_RUNS_FILE, f"invalid JSON: {error.msg}")
        ]
    if not isinstance(bands, dict):
        return [
            ExerciseError(
                path, 1, REFERENCE_RUNS_FILE, "expected an object keyed by device, then profile"
            )
        ]
    return []


def _read_values(root: Node, checked: Checked) -> dict[str, object] | None:
    """The value of every top-level field, recording the line of each field and nested field
    ("title.en"); a repeated field is reported and its first value kept."""
    values: dict[str, object] = {}
    for entry in mapping_entries(root):
        if entry.key in values:
            checked.error(entry.key, "duplicate field", line_of(entry.key_node))
            continue
        checked.lines[entry.key] = line_of(entry.value)
        for nested in mapping_entries(entry.value):
            checked.lines.setdefault(f"{entry.key}.{nested.key}", line_of(nested.value))
        try:
            values[entry.key] = construct(entry.value)
        except YamlSyntaxError as error:
            checked.error(entry.key, error.message, error.line)
            return None
    return values


def _read_fields(
    data: dict[str, object], folder_name: str, checked: Checked
) -> ExerciseFields | None:
    for name in data:
        if name not in KNOWN_FIELDS:
            checked.error(name, f"unknown field (known fields: {', '.join(KNOWN_FIELDS)})")
    for name in REQUIRED_FIELDS:
        if name not in data:
            checked.error(name, "missing required field", 1)

    def read(name: str, check: Callable[[object, Checked], _T | None]) -> _T | None:
        return check(data[name], checked) if name in data else None

    exercise_id = read("id", _check_id)
    if exercise_id not in (None, folder_name):
        checked.error("id", f"{exercise_id!r} differs from the folder name {folder_name!r}")
    title = read("title", _check_title)
    kind = checked.kind = read("kind", _check_kind)
    entry = read("entry", _check_entry)
    signature = read("signature", _check_signature)
    difficulty = read("difficulty", _check_difficulty)
    tags = read("tags", _string_list("tags"))
    concepts = read("concepts", _string_list("concepts"))
    limits = read("limits", _check_limits)
    forbid = read("forbid", _check_forbid)
    if (
        exercise_id is None
        or title is None
        or kind is None
        or entry is None
        or signature is None
        or difficulty is None
    ):
        return None
    return ExerciseFields(
        id=exercise_id,
        title=title,
        kind=kind,
        entry=entry,
        signature=signature,
        difficulty=difficulty,
        tags=tags or (),
        concepts=concepts or (),
        limits=limits or Limits(),
        forbid=forbid or (),
    )


def _check_id(value: object, checked: Checked) -> str | None:
    if isinstance(value, str) and value.isidentifier():
        return value
    checked.error("id", f"expected an identifier such as dropout_layer, got {value!r}")
    return None


def _check_title(value: object, checked: Checked) -> Text | None:
    if not isinstance(value, dict):
        checked.error("title", "expected a mapping {en: ..., zh: ...}")
        return None
    texts = {lang: _text(value.get(lang)) for lang in TEXT_LANGUAGES}
    for lang, text in texts.items():
        if text is None:
            checked.error(f"title.{lang}", "missing or empty (titles need en and zh)")
    for extra in set(value) - set(TEXT_LANGUAGES):
        checked.error(f"title.{extra}", "unknown language (expected en and zh)")
    en, zh = texts["en"], texts["zh"]
    return Text(en=en, zh=zh) if en is not None and zh is not None else None


def _text(value: object) -> str | None:
    """`value` when it is a non-blank string."""
    return value if isinstance(value, str) and value.strip() else None


def _check_kind(value: object, checked: Checked) -> str | None:
    if value in KINDS:
        return str(value)
    checked.error("kind", f"expected one of {', '.join(KINDS)}, got {value!r}")
    return None


def _check_entry(value: object, checked: Checked) -> str | None:
    if isinstance(value, str) and value.isidentifier() and not keyword.iskeyword(value):
        return value
    checked.error("entry", f"expected the Python name the submission defines, got {value!r}")
    return None


def _check_signature(value: object, checked: Checked) -> str | None:
    if isinstance(value, str) and value.strip():
        return value
    checked.error("signature", f'expected text such as "dropout_layer(X, dropout)", got {value!r}')
    return None


def _check_difficulty(value: object, checked: Checked) -> int | None:
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and MIN_DIFFICULTY <= value <= MAX_DIFFICULTY
    ):
        return value
    checked.error(
        "difficulty",
        f"expected an integer from {MIN_DIFFICULTY} to {MAX_DIFFICULTY}, got {value!r}",
    )
    return None


def _string_list(name: str) -> Callable[[object, Checked], tuple[str, ...] | None]:
    def check(value: object, checked: Checked) -> tuple[str, ...] | None:
        if isinstance(value, list) and all(isinstance(item, str) and item for item in value):
            return tuple(value)
        checked.error(name, f"expected a list of names, got {value!r}")
        return None

    return check


def _check_forbid(value: object, checked: Checked) -> tuple[str, ...] | None:
    """Dotted names the learner must not call: torch.nn.functional.dropout, torch.Tensor.softmax."""
    if isinstance(value, list) and all(
        isinstance(item, str)
        and item.count(".") >= 1
        and all(p.isidentifier() for p in item.split("."))
        for item in value
    ):
        return tuple(value)
    checked.error(
        "forbid",
        f"expected a list of dotted names such as torch.nn.functional.dropout, got {value!r}",
    )
    return None


def _check_limits(value: object, checked: Checked) -> Limits | None:
    if not isinstance(value, dict):
        checked.error("limits", f"expected a mapping {{{', '.join(LIMIT_NAMES)}}}")
        return None
    limits: dict[str, float] = {}
    for name, limit in value.items():
        if name not in LIMIT_NAMES:
            checked.error(f"limits.{name}", f"unknown limit (known: {', '.join(LIMIT_NAMES)})")
        elif isinstance(limit, (int, float)) and not isinstance(limit, bool) and limit > 0:
            limits[name] = limit
        else:
            checked.error(f"limits.{name}", f"expected a positive number, got {limit!r}")
    default = Limits()
    return Limits(
        wall_seconds=float(limits.get("wall_seconds", default.wall_seconds)),
        call_seconds=float(limits.get("call_seconds", default.call_seconds)),
        memory_mib=int(limits.get("memory_mib", default.memory_mib)),
    )

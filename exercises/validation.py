"""Validation of one exercise folder: exercise.yaml's fields (with their lines) and the required files.

YAML is read twice: `yaml.compose` keeps the line of every key and value, `yaml.safe_load`
gives the values. Every problem becomes an `ExerciseError` naming file, line and field, and
all problems of a folder are reported together. Nothing here imports torch.
"""

from __future__ import annotations

import json
import keyword
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode

KINDS = ("function", "class", "training")
REQUIRED_FIELDS = ("id", "title", "kind", "entry", "signature", "difficulty")
OPTIONAL_FIELDS = ("tags", "concepts", "limits", "forbid")
LIMIT_DEFAULTS: dict[str, float] = {"wall_seconds": 60.0, "call_seconds": 10.0, "memory_mib": 2048}
REQUIRED_FILES = ("prompt.md", "prompt.zh.md", "starter.py", "reference.py")
REFERENCE_RUNS_FILE = "reference_runs.json"
MIN_DIFFICULTY, MAX_DIFFICULTY = 1, 5


class ExerciseError(Exception):
    """A problem with an exercise: `str(error)` is "file:line: field: message"."""

    def __init__(self, path: Path, line: int | None, field: str, message: str) -> None:
        self.path = path
        self.line = line
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else str(self.path)
        return f"{where}: {self.field}: {self.message}"


@dataclass
class Checked:
    """The fields of an exercise.yaml that passed validation, and every problem found."""

    path: Path
    values: dict[str, object] = field(default_factory=dict)
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
    """Parse and validate `path`; `values` holds the normalised fields when `errors` is empty."""
    checked = Checked(path)
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as error:
        checked.error("exercise.yaml", f"cannot read: {error}", 1)
        return checked
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        checked.error("exercise.yaml", f"invalid YAML: {problem}", mark.line + 1 if mark else None)
        return checked
    if not isinstance(root, MappingNode) or not isinstance(data, dict):
        checked.error("exercise.yaml", "expected a mapping of fields (id, title, kind, ...)", 1)
        return checked
    checked.lines = _field_lines(root, checked)
    _check_fields(data, folder_name, checked)
    return checked


def check_files(folder: Path, kind: object) -> list[ExerciseError]:
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
            ExerciseError(path, 1, REFERENCE_RUNS_FILE, "expected an object keyed by profile name")
        ]
    return []


def _field_lines(root: MappingNode, checked: Checked) -> dict[str, int]:
    """1-based line of every top-level field and of the fields of nested mappings ("title.en")."""
    lines: dict[str, int] = {}
    for prefix, mapping in _mappings(root):
        seen: set[str] = set()
        for key_node, value_node in mapping.value:
            name = f"{prefix}{key_node.value}"
            if name in seen:
                checked.error(name, "duplicate field", key_node.start_mark.line + 1)
            seen.add(name)
            lines[name] = value_node.start_mark.line + 1
    return lines


def _mappings(root: MappingNode) -> list[tuple[str, MappingNode]]:
    nested = [
        (f"{key.value}.", value) for key, value in root.value if isinstance(value, MappingNode)
    ]
    return [("", root), *nested]


def _check_fields(data: dict[object, object], folder_name: str, checked: Checked) -> None:
    for name in data:
        if name not in REQUIRED_FIELDS + OPTIONAL_FIELDS:
            known = ", ".join(REQUIRED_FIELDS + OPTIONAL_FIELDS)
            checked.error(str(name), f"unknown field (known fields: {known})")
    for name in REQUIRED_FIELDS:
        if name not in data:
            checked.error(name, "missing required field", 1)
    for name, check in FIELD_CHECKS.items():
        if name in data:
            value = check(data[name], checked)
            if value is not None:
                checked.values[name] = value
    if "tags" not in data:
        checked.values["tags"] = ()
    if "concepts" not in data:
        checked.values["concepts"] = ()
    if "limits" not in data:
        checked.values["limits"] = dict(LIMIT_DEFAULTS)
    if "forbid" not in data:
        checked.values["forbid"] = ()
    if checked.values.get("id") not in (None, folder_name):
        checked.error(
            "id", f"{checked.values['id']!r} differs from the folder name {folder_name!r}"
        )


def _check_id(value: object, checked: Checked) -> str | None:
    if isinstance(value, str) and value.isidentifier():
        return value
    checked.error("id", f"expected an identifier such as dropout_layer, got {value!r}")
    return None


def _check_title(value: object, checked: Checked) -> dict[str, str] | None:
    if not isinstance(value, dict):
        checked.error("title", "expected a mapping {en: ..., zh: ...}")
        return None
    for lang in ("en", "zh"):
        if not isinstance(value.get(lang), str) or not value[lang].strip():
            checked.error(f"title.{lang}", "missing or empty (titles need en and zh)")
    for extra in set(value) - {"en", "zh"}:
        checked.error(f"title.{extra}", "unknown language (expected en and zh)")
    return {"en": value["en"], "zh": value["zh"]} if _all_text(value, ("en", "zh")) else None


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


def _check_limits(value: object, checked: Checked) -> dict[str, float] | None:
    if not isinstance(value, dict):
        checked.error("limits", "expected a mapping {wall_seconds, call_seconds, memory_mib}")
        return None
    limits = dict(LIMIT_DEFAULTS)
    for name, limit in value.items():
        if name not in LIMIT_DEFAULTS:
            checked.error(f"limits.{name}", f"unknown limit (known: {', '.join(LIMIT_DEFAULTS)})")
        elif isinstance(limit, (int, float)) and not isinstance(limit, bool) and limit > 0:
            limits[name] = limit
        else:
            checked.error(f"limits.{name}", f"expected a positive number, got {limit!r}")
    return limits


def _all_text(mapping: dict[object, object], keys: tuple[str, ...]) -> bool:
    return all(isinstance(mapping.get(key), str) and mapping[key].strip() for key in keys)


FIELD_CHECKS: dict[str, Callable[[object, Checked], object]] = {
    "id": _check_id,
    "title": _check_title,
    "kind": _check_kind,
    "entry": _check_entry,
    "signature": _check_signature,
    "difficulty": _check_difficulty,
    "tags": _string_list("tags"),
    "concepts": _string_list("concepts"),
    "limits": _check_limits,
    "forbid": _check_forbid,
}

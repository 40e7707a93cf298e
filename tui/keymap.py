"""The learner's keymap: `<data_dir>/keymap.yaml` rebinds dlprep's keys by binding id.

The file maps binding ids (bindings.py, docs/keymap.md) to a key or comma-separated keys, e.g.
`review.reveal: enter`; a Posting-style top-level `keymap:` section is read the same way. A file
that cannot be used is rejected whole (`KeymapError`, shown to the learner) and the default keys
stay; no file means the defaults. PyYAML is imported only when there is a file.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from dlprep.paths import data_dir
from dlprep.tui.bindings import CHAINS, DEFAULT_BINDINGS
from dlprep.tui.labels import message

KEYMAP_FILE_NAME = "keymap.yaml"
_KEY = re.compile(r"(?:[A-Za-z0-9_]+\+)*(?:[A-Za-z0-9_]+|[^\s,])")
"""One key: a name with optional modifiers ("ctrl+r", "f1", "question_mark") or one character ("?")."""


class KeymapError(Exception):
    """A keymap file that cannot be used; `text(language)` is the message for the learner."""

    def __init__(self, label_key: str, **values: object) -> None:
        super().__init__(message(label_key, "en", **values))
        self.label_key = label_key
        self.values = values

    def text(self, language: str) -> str:
        """The message in the learner's language."""
        return message(self.label_key, language, **self.values)


def keymap_path() -> Path:
    """Where the learner's keymap lives: `<data_dir>/keymap.yaml`."""
    return data_dir() / KEYMAP_FILE_NAME


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """The overrides in `path` (default: `keymap_path()`), binding id → keys; {} when there is no file.

    Raises KeymapError when the file cannot be read, parsed, or names unknown ids, bad keys or
    keys that would do two things on one screen.
    """
    path = keymap_path() if path is None else path
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        detail = getattr(error, "strerror", None) or error
        raise KeymapError("keymap_unreadable", path=path, detail=detail) from error
    return parse_keymap(text, path)


def parse_keymap(text: str, path: Path) -> dict[str, str]:
    """Check the YAML `text` of a keymap file (named `path` in messages) and return its overrides."""
    entries = _read_yaml(text, path)
    keymap = {_known_id(name, path): _keys(name, keys, path) for name, keys in entries.items()}
    check_clashes(keymap, path)
    return keymap


def _read_yaml(text: str, path: Path) -> dict[object, object]:
    import yaml  # lazy: most learners have no keymap file

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise KeymapError("keymap_bad_yaml", path=path, detail=_yaml_problem(error)) from error
    if isinstance(data, dict) and set(data) == {"keymap"}:
        data = data["keymap"]
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise KeymapError("keymap_not_mapping", path=path)
    return data


def _yaml_problem(error: Exception) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    return problem if mark is None else f"line {mark.line + 1}, column {mark.column + 1}: {problem}"


def _known_id(binding_id: object, path: Path) -> str:
    if not isinstance(binding_id, str) or binding_id not in DEFAULT_BINDINGS:
        raise KeymapError(
            "keymap_unknown_id", path=path, id=binding_id, ids=", ".join(DEFAULT_BINDINGS)
        )
    return binding_id


def _keys(binding_id: object, keys: object, path: Path) -> str:
    """`keys` (a string, a digit, or a list of them) as Textual's normalised "key,key" string."""
    if isinstance(keys, int) and not isinstance(keys, bool):
        keys = str(keys)
    if isinstance(keys, list) and all(isinstance(key, str | int) for key in keys):
        keys = ",".join(str(key) for key in keys)
    if not isinstance(keys, str) or not all(_KEY.fullmatch(key.strip()) for key in keys.split(",")):
        raise KeymapError("keymap_bad_keys", path=path, id=binding_id, keys=keys)
    return ",".join(normalised_keys(keys))


def normalised_keys(keys: str) -> list[str]:
    """The keys of a "key,key" string as Textual binds them ("?" -> "question_mark", "1" stays).

    Binding.make_bindings is the public step that normalises BINDINGS, as App.set_keymap does.
    """
    return [binding.key for binding in Binding.make_bindings([Binding(keys, "")])]


def _printable_keys() -> frozenset[str]:
    characters = [c for c in string.printable[:95] if c not in ", "]  # "," splits key lists
    return frozenset([*normalised_keys(",".join(characters)), "comma", "space"])


PRINTABLE_KEYS = _printable_keys()
"""The keys a printable ASCII character arrives as ("u", "minus", "question_mark", "space"):
a focused text field takes them, so a binding on one of them cannot fire while it types."""


def bound_keys(binding_id: str, keymap: Mapping[str, str]) -> list[str]:
    """The keys that trigger `binding_id`: the keymap's, else the default ones (normalised)."""
    keys = keymap.get(binding_id) or DEFAULT_BINDINGS[binding_id].key
    return normalised_keys(keys)


def check_clashes(keymap: Mapping[str, str], path: Path) -> None:
    """Raise KeymapError if, on any screen, one key would trigger two bindings (or a Textual key)."""
    for scope, (bindings, reserved) in CHAINS.items():
        owners: dict[str, str] = dict(reserved)
        for binding in bindings:
            assert binding.id is not None
            for key in bound_keys(binding.id, keymap):
                owner = owners.setdefault(key, binding.id)
                if owner != binding.id:
                    raise KeymapError(
                        "keymap_clash",
                        path=path,
                        scope=scope,
                        key=key,
                        first=owner,
                        second=binding.id,
                    )


def typed_over(binding_id: str, keymap: Mapping[str, str]) -> bool:
    """Whether every key of `binding_id` is printable, i.e. a focused text field takes them all."""
    return all(key in PRINTABLE_KEYS for key in bound_keys(binding_id, keymap))


def key_display(app: App[None], binding_id: str, keymap: Mapping[str, str]) -> str:
    """How the first key of `binding_id` is shown (footer style: "space", "⏎", "^r")."""
    default = DEFAULT_BINDINGS[binding_id]
    if binding_id not in keymap and default.key_display:
        return default.key_display
    return app.get_key_display(Binding(bound_keys(binding_id, keymap)[0], default.action))

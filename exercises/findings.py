"""What `dlprep exercises check` finds: one `Finding` per check and exercise, and the static checks.

The static checks need no torch and no sandbox: exercise.yaml (through the registry's
validation, with file:line), both prompts present and non-empty, hidden test files that
parse, wrong implementations present and parseable, the reference's source free of the
exercise's forbidden names, and the exercise's concepts resolving to cards. The dynamic
checks (grading the reference and every wrong version) are in `dlprep.grader.proof`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from dlprep.exercises.forbid import forbidden_uses
from dlprep.exercises.forbid_dynamic import dynamic_uses, grader_module_uses
from dlprep.exercises.registry import PROMPT_FILES, Exercise, ExerciseError

CHECKS = (
    "exercise.yaml",
    "prompts",
    "hidden tests",
    "concepts",
    "forbid",
    "reference",
    "seeds",
    "wrong",
    "proves nothing",
    "describe",
)


@dataclass(frozen=True)
class Finding:
    """One check of one exercise: ok, or what is wrong and where (file and line)."""

    exercise: str
    check: str
    ok: bool
    message: str = ""
    path: str | None = None
    line: int | None = None

    def where(self) -> str:
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line is not None else self.path

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def from_error(exercise_id: str, error: ExerciseError) -> Finding:
    """A registry error (the exercise could not be loaded) as a failed exercise.yaml finding."""
    check = "prompts" if error.path.name in PROMPT_FILES.values() else "exercise.yaml"
    return Finding(
        exercise_id, check, False, f"{error.field}: {error.message}", str(error.path), error.line
    )


def static_findings(exercise: Exercise, card_ids: set[str] | None) -> list[Finding]:
    """Every check that needs no grading; `card_ids` None skips the concepts check."""
    findings = [
        Finding(exercise.id, "exercise.yaml", True),
        *_prompt_findings(exercise),
        *_syntax_findings(exercise, "hidden tests", sorted(exercise.hidden_dir.glob("test_*.py"))),
        *_forbid_findings(exercise),
    ]
    if card_ids is not None:
        findings.extend(concept_findings(exercise, card_ids))
    return findings


SYNTAX_WRONG_PREFIX = "wrong_syntax_"


def wrong_syntax_findings(exercise: Exercise) -> list[Finding]:
    """A wrong/ folder with at least one file (training and function alike), each parseable."""
    paths = exercise.wrong_paths
    if not paths:
        return [
            Finding(
                exercise.id,
                "wrong",
                False,
                "no wrong implementations: add wrong/*.py, each with one known bug",
                str(exercise.wrong_dir),
            )
        ]
    # A `wrong_syntax_*.py` file is a deliberate syntax error (the notes' indentation and
    # parenthesis slips): it must fail to parse, and the grader's verdict proves it fails.
    meant = [path for path in paths if path.name.startswith(SYNTAX_WRONG_PREFIX)]
    parse = [path for path in paths if path not in meant]
    return [finding for finding in _syntax_findings(exercise, "wrong", parse) if not finding.ok]


def concept_findings(exercise: Exercise, card_ids: set[str]) -> list[Finding]:
    if not exercise.concepts:
        return [
            Finding(
                exercise.id,
                "concepts",
                False,
                "links no card: list the card ids it practises under concepts:",
                str(exercise.path / "exercise.yaml"),
            )
        ]
    unknown = [card for card in exercise.concepts if card not in card_ids]
    if unknown:
        return [
            Finding(
                exercise.id,
                "concepts",
                False,
                f"unknown card id(s): {', '.join(unknown)}",
                str(exercise.path / "exercise.yaml"),
            )
        ]
    return [Finding(exercise.id, "concepts", True)]


def _prompt_findings(exercise: Exercise) -> list[Finding]:
    problems = []
    for lang, name in PROMPT_FILES.items():
        path = exercise.path / name
        if not path.read_text(encoding="utf-8").strip():
            problems.append(
                Finding(exercise.id, "prompts", False, f"the {lang} prompt is empty", str(path), 1)
            )
    return problems or [Finding(exercise.id, "prompts", True)]


def _syntax_findings(exercise: Exercise, check: str, paths: Iterable[Path]) -> list[Finding]:
    problems = []
    for path in paths:
        try:
            ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        except SyntaxError as error:
            problems.append(
                Finding(
                    exercise.id,
                    check,
                    False,
                    f"syntax error: {error.msg}",
                    str(path),
                    error.lineno,
                )
            )
        except (OSError, UnicodeDecodeError) as error:
            problems.append(Finding(exercise.id, check, False, f"cannot read: {error}", str(path)))
    return problems or [Finding(exercise.id, check, True)]


def _forbid_findings(exercise: Exercise) -> list[Finding]:
    """The reference must pass the parent's own static rules (a forbidden name, dynamic access
    in a `forbid:` exercise, the grader's modules anywhere) or it would lose its own points."""
    source = exercise.reference_path.read_text(encoding="utf-8")
    problems = [
        (f"the reference uses {use.name}, which the exercise forbids", use.line)
        for use in forbidden_uses(source, exercise.forbid)
    ]
    dynamic = dynamic_uses(source) if exercise.forbid else []
    problems += [(f"the reference uses {use.what} (dynamic access)", use.line) for use in dynamic]
    problems += [
        (f"the reference refers to {use.what}", use.line) for use in grader_module_uses(source)
    ]
    if not problems:
        return [Finding(exercise.id, "forbid", True)]
    path = str(exercise.reference_path)
    return [Finding(exercise.id, "forbid", False, text, path, line) for text, line in problems]


def failed(findings: Sequence[Finding]) -> list[Finding]:
    return [finding for finding in findings if not finding.ok]

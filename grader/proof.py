"""Prove an exercise's hidden tests through the real grader (`dlprep exercises check`).

The reference passes every hidden test, and again with every call's seed shifted by 1..N
(a test that depends on one lucky seed is found here, not by a learner); every wrong
implementation in `wrong/` fails at least one test; every hidden test fails on at least one
wrong implementation (else it "proves nothing"); every test has a `describe` marker.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

from dlprep.exercises.findings import Finding
from dlprep.exercises.registry import Exercise
from dlprep.grader.errors import InputError
from dlprep.grader.grading import Grader
from dlprep.grader.report import Report, TestResult
from dlprep.grader.submission import read_submission

Progress = Callable[[str], None]


def prove_exercise(
    grader: Grader,
    exercise: Exercise,
    seeds: int = 5,
    profile: str = "quick",
    progress: Progress | None = None,
) -> list[Finding]:
    """The dynamic findings of one exercise (see the module docstring)."""
    note = progress or (lambda _: None)
    note(f"{exercise.id}: reference")
    reference = _grade(grader, exercise, exercise.reference_path, profile, 0)
    if isinstance(reference, Finding):
        return [reference]
    findings = _reference_findings(exercise, reference, "reference", "")
    findings += _describe_findings(exercise, reference)
    for offset in range(1, seeds + 1):
        note(f"{exercise.id}: reference, seed offset {offset}")
        shifted = _grade(grader, exercise, exercise.reference_path, profile, offset)
        if isinstance(shifted, Finding):
            findings.append(shifted)
        else:
            findings += [
                finding
                for finding in _reference_findings(
                    exercise, shifted, "seeds", f"with seed offset {offset}: "
                )
                if not finding.ok
            ]
    if not any(finding.check == "seeds" for finding in findings):
        findings.append(Finding(exercise.id, "seeds", True, f"{seeds} more seed offsets"))
    findings += _wrong_findings(grader, exercise, reference, profile, note)
    return findings


def _grade(
    grader: Grader, exercise: Exercise, path: Path, profile: str, offset: int
) -> Report | Finding:
    try:
        submission = read_submission(path)
    except InputError as error:
        return Finding(exercise.id, "wrong", False, str(error), str(path))
    return grader.grade(exercise, submission, profile, seed_offset=offset)


def _reference_findings(
    exercise: Exercise, report: Report, check: str, prefix: str
) -> list[Finding]:
    if not report.tests:
        return [Finding(exercise.id, check, False, "no hidden test ran", str(exercise.hidden_dir))]
    problems = [
        Finding(
            exercise.id,
            check,
            False,
            f"{prefix}{test.name}: {test.status}: {_headline(test.output)}",
            *_location(exercise, test),
        )
        for test in report.tests
        if test.status != "passed"
    ]
    return problems or [Finding(exercise.id, check, True, f"{len(report.tests)} tests pass")]


def _describe_findings(exercise: Exercise, report: Report) -> list[Finding]:
    problems = [
        Finding(
            exercise.id,
            "describe",
            False,
            f"{test.name}: no @pytest.mark.describe(en=..., zh=...)",
            *_location(exercise, test),
        )
        for test in report.tests
        if test.description is None and "::" in test.name
    ]
    return problems or [Finding(exercise.id, "describe", True)]


def _wrong_findings(
    grader: Grader, exercise: Exercise, reference: Report, profile: str, note: Progress
) -> list[Finding]:
    findings: list[Finding] = []
    failing: set[str] = set()
    for path in exercise.wrong_paths:
        note(f"{exercise.id}: wrong/{path.name}")
        report = _grade(grader, exercise, path, profile, 0)
        if isinstance(report, Finding):
            findings.append(report)
            continue
        not_passed = {test.name for test in report.tests if test.status != "passed"}
        failing |= not_passed
        if not not_passed:
            findings.append(
                Finding(exercise.id, "wrong", False, "passes every hidden test", str(path))
            )
    if exercise.wrong_paths and not findings:
        findings.append(
            Finding(exercise.id, "wrong", True, f"{len(exercise.wrong_paths)} wrong versions fail")
        )
    unproven = [test for test in reference.tests if test.name not in failing]
    findings += [
        Finding(
            exercise.id,
            "proves nothing",
            False,
            f"{test.name}: no wrong version fails it",
            *_location(exercise, test),
        )
        for test in unproven
    ]
    if not unproven:
        findings.append(Finding(exercise.id, "proves nothing", True))
    return findings


def _headline(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    return lines[0][:200] if lines else ""


def _location(exercise: Exercise, test: TestResult) -> tuple[str | None, int | None]:
    """The hidden file and the line of the test function, from the test's node id."""
    file_part, _, rest = test.name.partition("::")
    path = Path(exercise.hidden_dir) / file_part
    if not path.is_file():
        return str(exercise.hidden_dir), None
    function = rest.split("::")[-1].split("[")[0]
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (SyntaxError, OSError, UnicodeDecodeError):
        return str(path), None
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == function:
            return str(path), node.lineno
    return str(path), None

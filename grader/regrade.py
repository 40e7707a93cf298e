"""`grade-batch --regrade OUT`: grade a folder again and list every verdict that changed, and why.

A verdict is one test's status for one student. Why it changed is read from the two reports'
`provenance` (a different exercise hash, torch, device, sandbox, limits or dlprep) and from
the manifest (the submission itself changed); with none of those, the change is "not
reproducible" (a flaky test or a limit at its edge), which is worth looking into.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

from rich.table import Table

REASON_FIELDS = {
    "exercise_sha256": "different exercise (hidden tests, reference or bands)",
    "torch": "different torch",
    "device": "different device",
    "sandbox": "different sandbox mode",
    "limits": "different limits",
    "dlprep": "different dlprep",
    "profile": "different profile",
    "reference_band": "different reference band",
}
NOT_REPRODUCIBLE = "same inputs, different verdict (not reproducible)"
SUBMISSION_CHANGED = "the submission changed"


class ChangeDict(TypedDict):
    """One changed verdict, in regrade.json."""

    student: str
    test: str
    before: str
    after: str
    reasons: list[str]


def changed_verdicts(
    before: Mapping[str, Mapping[str, Any]],
    after: Mapping[str, Mapping[str, Any]],
    changed_sources: set[str] = frozenset(),  # type: ignore[assignment]
) -> list[ChangeDict]:
    """Every (student, test) whose status differs between the old and the new reports."""
    changes: list[ChangeDict] = []
    for student in sorted(set(before) | set(after)):
        old, new = before.get(student, {}), after.get(student, {})
        old_tests, new_tests = _statuses(old), _statuses(new)
        reasons = why(old, new, student in changed_sources)
        for test in sorted(set(old_tests) | set(new_tests)):
            was, now = old_tests.get(test, "absent"), new_tests.get(test, "absent")
            if was != now:
                changes.append(
                    {
                        "student": student,
                        "test": test,
                        "before": was,
                        "after": now,
                        "reasons": reasons,
                    }
                )
    return changes


def why(old: Mapping[str, Any], new: Mapping[str, Any], source_changed: bool) -> list[str]:
    """The differences between two reports' provenance that can explain a changed verdict."""
    reasons = [SUBMISSION_CHANGED] if source_changed else []
    old_made, new_made = old.get("provenance"), new.get("provenance")
    if not isinstance(old_made, dict) or not isinstance(new_made, dict):
        return [*reasons, "the old report does not say how it was made"]
    for key, text in REASON_FIELDS.items():
        if old_made.get(key) != new_made.get(key):
            detail = (
                ""
                if key == "exercise_sha256" or key == "limits"
                else f": {_band_name(old_made.get(key))} -> {_band_name(new_made.get(key))}"
                if key == "reference_band"
                else (f": {old_made.get(key)} -> {new_made.get(key)}")
            )
            reasons.append(text + detail)
    return reasons or [NOT_REPRODUCIBLE]


def changes_table(changes: list[ChangeDict]) -> Table:
    table = Table("student", "test", "before", "after", "why", title="verdicts that changed")
    for change in changes:
        table.add_row(
            change["student"],
            change["test"].split("::")[-1],
            change["before"],
            change["after"],
            "; ".join(change["reasons"]),
        )
    return table


def _band_name(band: object) -> str:
    """A reference band as "cpu" / "cpu (fallback for cuda)" / "none"."""
    if not isinstance(band, dict):
        return "none"
    name = str(band.get("device"))
    return f"{name} (fallback for {band.get('grading_device')})" if band.get("fallback") else name


def _statuses(report: Mapping[str, Any]) -> dict[str, str]:
    tests = report.get("tests")
    if not isinstance(tests, list):
        return {}
    return {
        str(test.get("name")): str(test.get("status")) for test in tests if isinstance(test, dict)
    }

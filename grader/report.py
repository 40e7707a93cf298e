"""The grading report: per-test results and totals, with the stable `--json` schema.

    {"schema_version": 1, "exercise": "dropout_layer", "score": 3, "max_score": 4,
     "passed": false, "tests": [{"name", "status", "score", "max_score", "output"}],
     "sandbox": "bubblewrap" | "degraded", "duration_s": 0.41,
     "provenance": {"dlprep", "torch", "device", "seeds", "sandbox", "profile", "limits",
                    "exercise_sha256"}}

`provenance` (see `provenance.py`) was added without a schema bump: reports without it still
read (it is then None).
`passed` is true iff every test passed; a test's status is passed | failed | error | timeout.
Names and outputs are cleaned (`sanitize.clean_text`) as the dict is made: the JSON, the TUI
and Gradescope's file never carry control characters or lone surrogates.
"""

from __future__ import annotations

from dataclasses import dataclass

from dlprep.grader.sanitize import clean_text

SCHEMA_VERSION = 1
STATUSES = ("passed", "failed", "error", "timeout")
# Gradescope's test visibilities; a hidden test sets one with @pytest.mark.visibility("hidden").
VISIBILITIES = ("visible", "after_due_date", "after_published", "hidden")


class ReportFormatError(ValueError):
    """A report file that does not follow the schema (e.g. a stale or hand-edited batch result)."""


@dataclass(frozen=True)
class TestResult:
    """One hidden test's verdict: its points count only when it passed; `output` is bounded text."""

    name: str
    status: str
    max_score: float
    output: str = ""
    visibility: str = "visible"  # kept in the JSON only when it is not the default

    __test__ = False  # not a pytest test class

    @property
    def score(self) -> float:
        return self.max_score if self.status == "passed" else 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "name": clean_text(self.name, 500),
            "status": self.status,
            "score": _number(self.score),
            "max_score": _number(self.max_score),
            "output": clean_text(self.output),
            **({"visibility": self.visibility} if self.visibility != "visible" else {}),
        }

    @classmethod
    def from_dict(cls, data: object) -> TestResult:
        if not isinstance(data, dict) or data.get("status") not in STATUSES:
            raise ReportFormatError(f"bad test entry {data!r:.200}")
        try:
            return cls(
                str(data["name"]),
                str(data["status"]),
                float(data["max_score"]),
                str(data.get("output", "")),
                visibility if (visibility := data.get("visibility")) in VISIBILITIES else "visible",
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ReportFormatError(f"bad test entry: {error}") from None


@dataclass(frozen=True)
class Report:
    """The grade of one submission: every test result, which sandbox ran it, how long it took.

    The one value every output is rendered from (terminal, `--json`, Gradescope, batch CSV).
    """

    exercise: str
    tests: list[TestResult]
    sandbox: str
    duration_s: float
    provenance: dict[str, object] | None = None

    @property
    def score(self) -> float:
        return sum(test.score for test in self.tests)

    @property
    def max_score(self) -> float:
        return sum(test.max_score for test in self.tests)

    @property
    def passed(self) -> bool:
        return bool(self.tests) and all(test.status == "passed" for test in self.tests)

    def to_dict(self) -> dict[str, object]:
        return {
            "schema_version": SCHEMA_VERSION,
            "exercise": self.exercise,
            "score": _number(self.score),
            "max_score": _number(self.max_score),
            "passed": self.passed,
            "tests": [test.to_dict() for test in self.tests],
            "sandbox": self.sandbox,
            "duration_s": round(self.duration_s, 3),
            **({"provenance": self.provenance} if self.provenance is not None else {}),
        }

    @classmethod
    def from_dict(cls, data: object) -> Report:
        if not isinstance(data, dict) or data.get("schema_version") != SCHEMA_VERSION:
            raise ReportFormatError(f"not a schema-{SCHEMA_VERSION} report")
        tests = data.get("tests")
        if not isinstance(tests, list):
            raise ReportFormatError("'tests' is not a list")
        try:
            duration = float(data["duration_s"])
            return cls(
                str(data["exercise"]),
                [TestResult.from_dict(test) for test in tests],
                str(data["sandbox"]),
                duration,
                provenance if isinstance(provenance := data.get("provenance"), dict) else None,
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ReportFormatError(f"bad report: {error}") from None


def _number(value: float) -> float | int:
    """Whole scores print as integers (3, not 3.0)."""
    return int(value) if float(value).is_integer() else round(value, 4)

"""The grading report: per-test results and totals, with the stable `--json` schema.

    {"schema_version": 1, "exercise": "dropout_layer", "score": 3, "max_score": 4,
     "passed": false, "tests": [{"name", "status", "score", "max_score", "output",
     "output_zh", "description": {"en", "zh"} | null, "concepts": [card ids], "visibility"?}],
     "sandbox": "bubblewrap" | "degraded", "duration_s": 0.41,
     "provenance": {"dlprep", "torch", "device", "seeds", "sandbox", "profile", "limits",
                    "exercise_sha256"}}

`provenance` (see `provenance.py`) was added without a schema bump: reports without it still
read (it is then None).
`passed` is true iff every test passed; a test's status is passed | failed | error | timeout.
Names and outputs are cleaned (`sanitize.clean_text`) as the dict is made: the JSON, the TUI
and Gradescope's file never carry control characters or lone surrogates.
`description` is the hidden test's `@pytest.mark.describe(en=..., zh=...)` (what it checks),
`concepts` the cards it probes (`@pytest.mark.concepts(...)`, else the exercise's), and
`output_zh` the output with the grader's own fixed messages in Chinese (the learner's
traceback and printed output unchanged). Reports without the three fields still load.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dlprep.grader.messages import translate_output
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
    description: dict[str, str] | None = None
    concepts: tuple[str, ...] = field(default=())
    visibility: str = "visible"  # kept in the JSON only when it is not the default

    __test__ = False  # not a pytest test class

    def describe(self, lang: str = "en") -> str:
        """The one-line description in `lang` ("" when the test has none)."""
        return (self.description or {}).get(lang, "")

    def output_in(self, lang: str = "en") -> str:
        """The output with the grader's own messages in `lang`."""
        return translate_output(self.output, lang)

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
            "output_zh": clean_text(translate_output(self.output, "zh")),
            "description": dict(self.description) if self.description else None,
            "concepts": list(self.concepts),
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
                _description(data.get("description")),
                tuple(str(item) for item in data.get("concepts") or ()),
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


def _description(value: object) -> dict[str, str] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not all(isinstance(value.get(k), str) for k in ("en", "zh")):
        raise ReportFormatError(f"bad test description {value!r:.200}")
    return {"en": value["en"], "zh": value["zh"]}


def _number(value: float) -> float | int:
    """Whole scores print as integers (3, not 3.0)."""
    return int(value) if float(value).is_integer() else round(value, 4)

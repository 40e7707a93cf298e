"""The LMS gradebook import: one CSV row per student, with the column names the LMS expects.

    dlprep grade-batch EX DIR --out OUT --lms-csv grades.csv \\
        --lms-columns "student=Student ID,score=Points,max=Max Points"

Three fields (student, score, max), each renamable; a student who could not be graded gets 0
out of the class's maximum. Every cell passes `sanitize.csv_cell` (OWASP: a name starting
with = + - @ is not run as a formula by the spreadsheet that opens the file).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path

from dlprep.grader.errors import InputError
from dlprep.grader.report import Report
from dlprep.grader.sanitize import csv_cell

FIELDS = ("student", "score", "max")
DEFAULT_COLUMNS = {"student": "student", "score": "score", "max": "max_score"}


def parse_columns(text: str | None) -> dict[str, str]:
    """ "student=Student ID,score=Points" -> the column name of each field (others default)."""
    columns = dict(DEFAULT_COLUMNS)
    for part in (text or "").split(","):
        if not part.strip():
            continue
        key, sep, name = part.partition("=")
        key = key.strip()
        if not sep or key not in FIELDS or not name.strip():
            raise InputError(
                f"--lms-columns: expected FIELD=Column name with FIELD one of "
                f"{', '.join(FIELDS)}, got {part.strip()!r}"
            )
        columns[key] = name.strip()
    return columns


def write_lms_csv(
    path: Path,
    names: Sequence[str],
    reports: Mapping[str, Report],
    columns: Mapping[str, str],
) -> None:
    top = max((report.max_score for report in reports.values()), default=0.0)
    try:
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([csv_cell(columns[field]) for field in FIELDS])
            for name in names:
                report = reports.get(name)
                score, most = (report.score, report.max_score) if report else (0.0, top)
                writer.writerow([csv_cell(cell) for cell in (name, _number(score), _number(most))])
    except OSError as error:
        raise InputError(f"{path}: cannot write the LMS file: {error.strerror}") from None


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 4)

"""The end of every batch: OUT/summary.json and OUT/summary.md (what the class got wrong).

The figures come from `class_summary.ClassSummary` over every graded report of the folder
(this run's and the unchanged ones). Concept cards linked to a failed test come from the test's
own `concepts` field when the report has one, else from the exercise's `concepts:` list. When
the folder holds `similarity.json` (written by `dlprep similarity ... --out OUT`, or by
`grade-batch --similarity`), its top pairs are a section of summary.md.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dlprep.grader.batch_files import SUMMARY_JSON, SUMMARY_MD, write_atomically
from dlprep.grader.class_summary import ClassSummary
from dlprep.grader.similarity import REPORT_JSON, Pair, SimilarityResult

if TYPE_CHECKING:
    from dlprep.exercises.registry import Exercise

TOP_PAIRS = 10


def write_summary(
    out: Path,
    exercise: Exercise,
    reports: Mapping[str, Mapping[str, Any]],
    problems: Mapping[str, str],
) -> ClassSummary:
    """Write summary.json and summary.md into `out`; the summary, for its terminal table."""
    summary = ClassSummary(
        exercise.id,
        {name: dict(report) for name, report in reports.items()},
        dict(problems),
        tuple(exercise.concepts),
    )
    sections = [similar.to_markdown(TOP_PAIRS)] if (similar := read_similarity(out)) else []
    write_atomically(
        out / SUMMARY_JSON, json.dumps(summary.to_dict(), indent=2, ensure_ascii=False) + "\n"
    )
    write_atomically(out / SUMMARY_MD, summary.to_markdown(sections))
    return summary


def read_similarity(out: Path) -> SimilarityResult | None:
    """The ranked pairs of OUT/similarity.json, or None when absent or not readable."""
    try:
        data = json.loads((out / REPORT_JSON).read_text("utf-8"))
        pairs = [
            Pair(
                str(pair["a"]),
                str(pair["b"]),
                str(pair["kind"]),
                float(pair["share_a"]),
                float(pair["share_b"]),
                int(pair["overlap_tokens"]),
            )
            for pair in data["pairs"]
        ]
        return SimilarityResult(
            str(data["exercise"]), float(data["threshold"]), int(data["submissions"]), pairs
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None

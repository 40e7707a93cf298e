"""Batch grading: every submission of a directory, in parallel, resumable, into reports and a gradebook.

Entries are found by `batch_entries.discover` (one per student); each graded submission gets
OUT/reports/<name>.json (the `--json` report) and OUT/manifest.json remembers the source hash
behind each report, so a re-run skips what is already graded and unchanged (`batch_files`).
OUT/gradebook.csv has one row per submission. The work goes through one backend (`backend`):
local worker processes or Ray actors. One hanging or crashing submission costs only its own
verdict; a worker that dies is replaced and its submissions retried once (`batch_run`);
anything that goes wrong in the grader while grading one entry becomes that entry's row
("grader error: <type>"), so a batch always ends with one row per entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console

from dlprep.grader.backend import GradeOutcome, WorkerSetup, open_backend
from dlprep.grader.batch_entries import Entry, discover
from dlprep.grader.batch_files import BatchFiles, sha256_file
from dlprep.grader.batch_run import GRADER_ERROR, RunStats, run_entries
from dlprep.grader.gradebook import write_gradebook
from dlprep.grader.report import Report, ReportFormatError
from dlprep.grader.sanitize import clean_text

__all__ = ["GRADER_ERROR", "BatchOptions", "BatchSummary", "Entry", "discover", "grade_batch"]


@dataclass(frozen=True)
class BatchOptions:
    """What `dlprep grade-batch` grades with: one exercise and profile for every submission.

    The exercise and profile are kept in the output manifest: a re-run with other ones starts
    afresh instead of reusing grades made for a different task.
    """

    exercise_id: str
    exercises_dir: Path | None
    profile: str
    data_root: Path | None
    jobs: int | None
    entry: str = ""  # the exercise's entry name (a folder may hold <entry>.py among other files)
    mode: str | None = None
    backend: str = "local"  # "local" | "ray"
    address: str | None = None  # the Ray cluster (None: RAY_ADDRESS, else a local Ray)
    device: str = "cpu"

    def setup(self) -> WorkerSetup:
        return WorkerSetup(
            self.exercise_id,
            self.exercises_dir,
            self.profile,
            self.data_root,
            self.mode,
            self.device,
        )


@dataclass(frozen=True)
class BatchSummary:
    """The outcome of a batch, for the exit status: counts, unusable folders, whether all passed."""

    graded: int
    skipped: int
    problems: dict[str, str]
    all_passed: bool
    grader_errors: int = 0  # entries whose problem is the grader's, not the submission's
    retried: int = 0  # gradings run again because their worker was lost
    reports: dict[str, dict[str, object]] = field(default_factory=dict)  # name -> report JSON
    exercise: str = ""
    profile: str = ""
    names: list[str] = field(default_factory=list)  # every entry, in gradebook order


def grade_batch(
    options: BatchOptions,
    directory: Path,
    out: Path,
    console: Console,
    regrade: bool = False,
) -> BatchSummary:
    """Grade what is new or changed in `directory` (everything with `regrade`) into `out`."""
    entries = discover(directory, options.entry)
    files = BatchFiles(out, options.exercise_id, options.profile)
    problems = {entry.name: entry.problem for entry in entries if entry.problem}
    todo = [
        entry
        for entry in entries
        if not entry.problem and (regrade or not files.up_to_date(entry.name, entry.path))
    ]
    skipped = len(entries) - len(todo) - len(problems)
    reports: dict[str, dict[str, object]] = {}
    stats = RunStats()
    if todo:
        jobs = min(options.jobs, len(todo)) if options.jobs else None
        with open_backend(options.backend, options.setup(), jobs, options.address) as pool:
            stats = run_entries(
                pool,
                todo,
                lambda entry, outcome: _store(entry, outcome, files, reports, problems),
                console,
                f"Grading {options.exercise_id}",
            )
    parsed = _all_reports(entries, files, reports, problems)
    write_gradebook(files.gradebook, [entry.name for entry in entries], parsed, problems)
    all_passed = not problems and all(report.passed for report in parsed.values())
    graded = sum(entry.name in reports for entry in todo)
    errors = sum(problem.startswith(GRADER_ERROR) for problem in problems.values())
    return BatchSummary(
        graded,
        skipped,
        problems,
        all_passed,
        errors,
        stats.retried,
        _dicts([entry for entry in entries if entry.name not in problems], files, reports),
        options.exercise_id,
        options.profile,
        [entry.name for entry in entries],
    )


def _store(
    entry: Entry,
    outcome: GradeOutcome,
    files: BatchFiles,
    reports: dict[str, dict[str, object]],
    problems: dict[str, str],
) -> str:
    """Keep one result (report + manifest hash) and return a short progress note."""
    if entry.name in reports or entry.name in problems:
        return f"{entry.name}: already stored"  # never twice into the gradebook
    if outcome.report is None:
        problems[entry.name] = clean_text(outcome.problem, 300)
        return f"{entry.name}: {outcome.problem[:60]}"
    try:
        Report.from_dict(outcome.report)  # follows the schema (fields it does not know are kept)
        data = outcome.report
        assert entry.path is not None
        files.store(entry.name, data, sha256_file(entry.path))
    except Exception as error:  # one entry's result must not end the batch
        problems[entry.name] = f"{GRADER_ERROR}: {type(error).__name__}"
        raise
    reports[entry.name] = data
    return f"{entry.name}: {data['score']}/{data['max_score']}"


def _all_reports(
    entries: list[Entry],
    files: BatchFiles,
    fresh: dict[str, dict[str, object]],
    problems: dict[str, str],
) -> dict[str, Report]:
    """This run's reports and the stored ones of the entries it skipped."""
    parsed: dict[str, Report] = {}
    for entry in entries:
        if entry.name in problems:
            continue
        try:
            parsed[entry.name] = (
                Report.from_dict(fresh[entry.name])
                if entry.name in fresh
                else files.read_report(entry.name)[0]
            )
        except (OSError, ValueError, ReportFormatError) as error:
            problems[entry.name] = f"{GRADER_ERROR}: {type(error).__name__}"
    return parsed


def _dicts(
    entries: list[Entry], files: BatchFiles, fresh: dict[str, dict[str, object]]
) -> dict[str, dict[str, object]]:
    """Every graded entry's report as its JSON dict (for the class summary)."""
    out: dict[str, dict[str, object]] = {}
    for entry in entries:
        if entry.name in fresh:
            out[entry.name] = fresh[entry.name]
            continue
        try:
            out[entry.name] = files.read_report(entry.name)[1]
        except (OSError, ValueError, ReportFormatError):
            continue
    return out

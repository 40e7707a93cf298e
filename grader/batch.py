"""Batch grading: every submission of a directory, in parallel, resumable, into reports and a gradebook.

A submission is a `.py` file in DIR (named after its stem), or a folder in DIR (named after the
folder) holding one `.py` file or a file named after the exercise's entry. Each graded
submission gets OUT/<name>.json (the `--json` report); OUT/manifest.json remembers the source
hash behind each report, so a re-run skips what is already graded and unchanged.
OUT/gradebook.csv has one row per submission. One hanging or crashing submission costs only
its own verdict; a worker that dies is replaced and its submissions retried once; anything
that goes wrong in the grader while grading one entry becomes that entry's row ("grader
error: <type>"), so a batch always ends with one row per entry. An entry that is, or whose
folder holds, a symbolic link is refused (an extracted archive can carry a link to the
reference solution). Names come from file names: they are cleaned (`sanitize.clean_name`)
before they reach a progress line, a report file name or the gradebook.
"""

from __future__ import annotations

import hashlib
import json
import os
from concurrent.futures import Future, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from dlprep.grader.errors import InputError
from dlprep.grader.gradebook import write_gradebook
from dlprep.grader.pool import GradeOutcome, WorkerPool, WorkerSetup
from dlprep.grader.report import Report, ReportFormatError
from dlprep.grader.sanitize import clean_name, clean_text
from dlprep.grader.submission import read_submission

MANIFEST = "manifest.json"
ATTEMPTS = 2
GRADER_ERROR = "grader error"


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
    jobs: int
    entry: str = ""  # the exercise's entry name (a folder may hold <entry>.py among other files)
    mode: str | None = None


@dataclass(frozen=True)
class Entry:
    """One student's submission: its name, its file (None when the folder had no usable one)."""

    name: str
    path: Path | None
    problem: str = ""


@dataclass(frozen=True)
class BatchSummary:
    """The outcome of a batch, for the exit status: counts, unusable folders, whether all passed."""

    graded: int
    skipped: int
    problems: dict[str, str]
    all_passed: bool
    grader_errors: int = 0  # entries whose problem is the grader's, not the submission's


def grade_batch(
    options: BatchOptions, directory: Path, out: Path, console: Console
) -> BatchSummary:
    entries = discover(directory, options.entry)
    _make_out_dir(out)
    manifest = _load_manifest(out, options)
    problems = {entry.name: entry.problem for entry in entries if entry.problem}
    todo = [
        entry for entry in entries if not entry.problem and not _up_to_date(entry, out, manifest)
    ]
    skipped = len(entries) - len(todo) - len(problems)
    reports = _run(options, todo, out, manifest, problems, console) if todo else {}
    for entry in entries:
        if entry.name not in reports and entry.name not in problems:
            try:
                reports[entry.name] = Report.from_dict(
                    json.loads((out / f"{entry.name}.json").read_text("utf-8"))
                )
            except (OSError, ValueError, ReportFormatError) as error:
                problems[entry.name] = f"{GRADER_ERROR}: {type(error).__name__}"
    write_gradebook(out / "gradebook.csv", [entry.name for entry in entries], reports, problems)
    all_passed = not problems and all(report.passed for report in reports.values())
    graded = sum(entry.name in reports for entry in todo)
    errors = sum(problem.startswith(GRADER_ERROR) for problem in problems.values())
    return BatchSummary(graded, skipped, problems, all_passed, errors)


def discover(directory: Path, entry: str) -> list[Entry]:
    """The submissions in `directory`, sorted by name; folders without one usable file get a problem."""
    if not directory.is_dir():
        raise InputError(f"{directory}: not a directory of submissions")
    entries: dict[str, Entry] = {}
    for child in sorted(directory.iterdir()):
        if child.name.startswith((".", "_")):
            continue
        name = clean_name(child.stem if child.suffix == ".py" else child.name)
        if child.is_symlink():
            _add(entries, Entry(name, None, "refused: the entry is a symbolic link"))
        elif child.is_file() and child.suffix == ".py":
            _add(entries, _readable(Entry(name, child)))
        elif child.is_dir():
            _add(entries, _readable(_folder_entry(child, name, entry)))
    if not entries:
        raise InputError(f"{directory}: no submissions (.py files or folders) found")
    return list(entries.values())


def _folder_entry(folder: Path, name: str, entry: str) -> Entry:
    if any(path.is_symlink() for path in folder.rglob("*")):
        return Entry(name, None, "refused: the folder holds a symbolic link")
    files = sorted(path for path in folder.glob("*.py") if path.is_file())
    named = [path for path in files if path.stem == entry]
    if named:
        return Entry(name, named[0])
    if len(files) == 1:
        return Entry(name, files[0])
    found = ", ".join(clean_name(path.name) for path in files) or "no .py file"
    return Entry(name, None, f"expected one .py file or {entry}.py, found {found}")


def _readable(entry: Entry) -> Entry:
    """The entry, or the same with the reason its file cannot be graded (e.g. not UTF-8)."""
    if entry.path is None:
        return entry
    try:
        read_submission(entry.path)
    except InputError as error:
        return Entry(entry.name, None, clean_text(_without_path(str(error), entry.path), 300))
    return entry


def _without_path(message: str, path: Path) -> str:
    """An input error about a student's file, named by the entry rather than the host path."""
    return message.replace(str(path), clean_name(path.name))


def _add(entries: dict[str, Entry], entry: Entry) -> None:
    name, suffix = entry.name, 2
    while name in entries:
        name, suffix = f"{entry.name}-{suffix}", suffix + 1
    entries[name] = Entry(name, entry.path, entry.problem)


def _run(
    options: BatchOptions,
    todo: list[Entry],
    out: Path,
    manifest: dict[str, object],
    problems: dict[str, str],
    console: Console,
) -> dict[str, Report]:
    reports: dict[str, Report] = {}
    attempts = {entry.name: 0 for entry in todo}
    setup = WorkerSetup(
        options.exercise_id, options.exercises_dir, options.profile, options.data_root, options.mode
    )
    with _progress(console) as progress:
        task = progress.add_task(f"Grading {options.exercise_id}", total=len(todo), last="")
        pending = list(todo)
        while pending:
            with WorkerPool(setup, min(options.jobs, len(pending))) as pool:
                futures: dict[Future[GradeOutcome], Entry] = {
                    pool.submit(e.path): e for e in pending if e.path
                }
                pending = []
                for future in as_completed(futures):
                    entry = futures[future]
                    try:
                        outcome = future.result()
                    except BrokenProcessPool:
                        attempts[entry.name] += 1
                        if attempts[entry.name] < ATTEMPTS:
                            pending.append(entry)
                            continue
                        outcome = GradeOutcome(
                            None,
                            f"{GRADER_ERROR}: grading this submission kept killing the grading worker",
                        )
                    except Exception as error:  # the worker's own failure, as this entry's row
                        outcome = GradeOutcome(None, f"{GRADER_ERROR}: {type(error).__name__}")
                    try:
                        last = _store(entry, outcome, out, manifest, reports, problems)
                    except Exception as error:  # one entry's result must not end the batch
                        problems[entry.name] = f"{GRADER_ERROR}: {type(error).__name__}"
                        reports.pop(entry.name, None)
                        last = f"{entry.name}: {GRADER_ERROR}"
                    progress.update(task, advance=1, last=clean_text(last, 80))
    return reports


def _store(
    entry: Entry,
    outcome: GradeOutcome,
    out: Path,
    manifest: dict[str, object],
    reports: dict[str, Report],
    problems: dict[str, str],
) -> str:
    """Write one result (report + manifest hash) and return a short progress note."""
    if outcome.report is None:
        problems[entry.name] = clean_text(outcome.problem, 300)
        return f"{entry.name}: {outcome.problem[:60]}"
    report = Report.from_dict(outcome.report)
    _write_atomically(
        out / f"{entry.name}.json", json.dumps(outcome.report, indent=2, ensure_ascii=False) + "\n"
    )
    hashes = manifest.setdefault("sha256", {})
    assert isinstance(hashes, dict) and entry.path is not None
    hashes[entry.name] = _sha256(entry.path)
    _write_atomically(out / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    reports[entry.name] = report
    data = report.to_dict()
    return f"{entry.name}: {data['score']}/{data['max_score']}"


def _up_to_date(entry: Entry, out: Path, manifest: dict[str, object]) -> bool:
    """A report exists, follows the schema, and was made from this exact source."""
    hashes = manifest.get("sha256")
    if (
        entry.path is None
        or not isinstance(hashes, dict)
        or hashes.get(entry.name) != _sha256(entry.path)
    ):
        return False
    try:
        Report.from_dict(json.loads((out / f"{entry.name}.json").read_text("utf-8")))
    except (OSError, ValueError, ReportFormatError):
        return False
    return True


def _load_manifest(out: Path, options: BatchOptions) -> dict[str, object]:
    """The manifest of a previous run with the same exercise and profile, else a fresh one."""
    fresh: dict[str, object] = {
        "exercise": options.exercise_id,
        "profile": options.profile,
        "sha256": {},
    }
    try:
        manifest = json.loads((out / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return fresh
    same_run = isinstance(manifest, dict) and all(
        manifest.get(key) == fresh[key] for key in ("exercise", "profile")
    )
    return manifest if same_run else fresh


def _make_out_dir(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"{out}: cannot create the output directory: {error.strerror}") from None


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}", markup=False),  # submission-derived: never rich markup
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[last]}", style="dim", markup=False),
        console=console,
        transient=False,
    )

"""The grading loop of a batch: every entry through one backend, retried when its worker is lost.

Each entry is submitted once; a future that fails because its worker died (`lost_errors`) is
submitted again, at most `ATTEMPTS` times in all, and an entry that keeps killing its worker
gets a grader-error row. Results are stored as they arrive, and only the first result of an
entry counts: a worker that answers after being given up on cannot put a row in twice.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from dlprep.grader.backend import GradeOutcome, GradingBackend
from dlprep.grader.batch_entries import Entry
from dlprep.grader.errors import InputError
from dlprep.grader.sanitize import clean_text

ATTEMPTS = 2
GRADER_ERROR = "grader error"

Store = Callable[[Entry, GradeOutcome], str]  # stores one result, returns a progress note


@dataclass
class RunStats:
    """What happened on the way: how many gradings were retried because a worker was lost."""

    retried: int = 0
    retried_names: list[str] = field(default_factory=list)


def run_entries(
    backend: GradingBackend, todo: list[Entry], store: Store, console: Console, title: str
) -> RunStats:
    stats = RunStats()
    attempts = {entry.name: 0 for entry in todo}
    futures: dict[Future[GradeOutcome], Entry] = {}
    with _progress(console) as progress:
        task = progress.add_task(title, total=len(todo), last="")

        def finish(entry: Entry, outcome: GradeOutcome) -> None:
            try:
                last = store(entry, outcome)
            except Exception as error:  # one entry's result must not end the batch
                last = f"{entry.name}: {GRADER_ERROR} ({type(error).__name__})"
            progress.update(task, advance=1, last=clean_text(last, 80))

        for entry in todo:
            _submit(backend, entry, futures, finish)
        while futures:
            done, _ = wait(futures, return_when=FIRST_COMPLETED)
            for future in done:
                entry = futures.pop(future)
                outcome = _outcome(future, backend)
                if outcome is None:  # the worker was lost: grade it again elsewhere
                    attempts[entry.name] += 1
                    if attempts[entry.name] < ATTEMPTS:
                        stats.retried += 1
                        stats.retried_names.append(entry.name)
                        _submit(backend, entry, futures, finish)
                        continue
                    outcome = GradeOutcome(
                        None,
                        f"{GRADER_ERROR}: grading this submission kept killing the grading worker",
                    )
                finish(entry, outcome)
    return stats


def _submit(
    backend: GradingBackend,
    entry: Entry,
    futures: dict[Future[GradeOutcome], Entry],
    finish: Callable[[Entry, GradeOutcome], None],
) -> None:
    try:
        submission = entry.submission()
    except InputError as error:  # the file changed since it was found
        finish(entry, GradeOutcome(None, clean_text(str(error), 300)))
        return
    futures[backend.submit(submission)] = entry


def _outcome(future: Future[GradeOutcome], backend: GradingBackend) -> GradeOutcome | None:
    """The future's outcome; None when its worker was lost."""
    try:
        return future.result()
    except backend.lost_errors:
        return None
    except Exception as error:  # the worker's own failure, as this entry's row
        return GradeOutcome(None, f"{GRADER_ERROR}: {type(error).__name__}")


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

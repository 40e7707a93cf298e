"""A pool of grading workers: N processes, each with torch imported and its own warm zygote.

Each worker grades one submission at a time with a `Grader`; submissions are independent, so
N workers grade N at once. Workers are spawned (not forked) and start their zygote before
importing torch, so both warm up together.
"""

from __future__ import annotations

import atexit
import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dlprep.grader.errors import InputError, SandboxError

if TYPE_CHECKING:
    from dlprep.exercises.registry import Exercise
    from dlprep.grader.grading import Grader


@dataclass(frozen=True)
class WorkerSetup:
    """What each worker process needs to start grading: plain, picklable values (spawned workers
    share nothing with the parent)."""

    exercise_id: str
    exercises_dir: Path | None
    profile: str
    data_root: Path | None
    mode: str | None = None  # None: bubblewrap if it works


@dataclass(frozen=True)
class GradeOutcome:
    """A worker's answer: the report (as its JSON dict) or the problem that prevented grading."""

    report: dict[str, object] | None
    problem: str = ""


_worker: tuple[Grader, Exercise, str] | None = None


class WorkerPool:
    """Worker processes that each hold a `Grader`, so a batch grades `jobs` submissions at once.

    Processes, not threads: every worker has its own zygote and a crash or leak in one grading
    stays in its worker. Spawned (not forked) so no worker inherits the parent's threads or locks.
    """

    def __init__(self, setup: WorkerSetup, jobs: int) -> None:
        self._executor = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(setup,),
        )

    def submit(self, path: Path) -> Future[GradeOutcome]:
        return self._executor.submit(_grade_in_worker, str(path))

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _init_worker(setup: WorkerSetup) -> None:
    global _worker
    from dlprep.exercises.registry import get_exercise
    from dlprep.grader.zygote import ZygoteClient

    zygote = ZygoteClient(setup.data_root, setup.mode)  # boots while torch is imported below
    from dlprep.grader.grading import Grader, prepare_grading_process

    prepare_grading_process()
    grader = Grader(setup.data_root, zygote=zygote)
    atexit.register(grader.close)
    exercise = get_exercise(setup.exercise_id, [setup.exercises_dir] if setup.exercises_dir else [])
    _worker = (grader, exercise, setup.profile)


def _grade_in_worker(path: str) -> GradeOutcome:
    from dlprep.grader.sanitize import clean_text
    from dlprep.grader.submission import read_submission

    assert _worker is not None, "worker not initialised"
    grader, exercise, profile = _worker
    try:
        submission = read_submission(Path(path))
        return GradeOutcome(grader.grade(exercise, submission, profile).to_dict())
    except InputError as error:
        return GradeOutcome(None, clean_text(str(error).replace(path, Path(path).name), 300))
    except SandboxError:
        return GradeOutcome(None, "grader error: SandboxError (the grading sandbox failed)")
    except Exception as error:  # any failure of the grader is this submission's row
        return GradeOutcome(None, f"grader error: {type(error).__name__}")

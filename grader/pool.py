"""The local backend: N worker processes, each with torch imported and its own warm zygote.

Each worker grades one submission at a time with a `Grader`; submissions are independent, so
N workers grade N at once. Workers are spawned (not forked) and start their zygote before
importing torch, so both warm up together. A worker that dies breaks the executor: the next
submission starts a fresh one (the batch retries the lost submissions, see `batch_run`).
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import sys
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from dlprep.grader.backend import GradeOutcome, WorkerLost, WorkerSetup, grade_outcome

if TYPE_CHECKING:
    from dlprep.exercises.registry import Exercise
    from dlprep.grader.grading import Grader
    from dlprep.grader.submission import Submission

__all__ = ["GradeOutcome", "WorkerPool", "WorkerSetup"]

_worker: tuple[Grader, Exercise, str] | None = None


class WorkerPool:
    """Worker processes that each hold a `Grader`, so a batch grades `jobs` submissions at once.

    Processes, not threads: every worker has its own zygote and a crash or leak in one grading
    stays in its worker. Spawned (not forked) so no worker inherits the parent's threads or locks.
    """

    lost_errors: tuple[type[BaseException], ...] = (BrokenProcessPool, WorkerLost)

    def __init__(self, setup: WorkerSetup, jobs: int) -> None:
        self._setup, self._jobs = setup, jobs
        self._executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self._jobs,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(self._setup,),
        )

    def submit(self, submission: Submission) -> Future[GradeOutcome]:
        try:
            return self._executor.submit(_grade_in_worker, submission)
        except BrokenProcessPool:  # a worker died: its lost submissions come back here
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = self._start()
            return self._executor.submit(_grade_in_worker, submission)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def start_grader(setup: WorkerSetup) -> tuple[Grader, Exercise, str]:
    """A warm grader for `setup`: the zygote boots while torch is imported (in any worker).

    The zygote is launched before anything else is imported here (the exercise registry,
    torch, pytest): its own torch import is the longest step of a cold start.
    """
    from dlprep.grader.devices import resolve_device
    from dlprep.grader.zygote import ZygoteClient

    device = resolve_device(setup.device)  # auto: this worker's GPU, if any (DeviceUnavailable)
    zygote = ZygoteClient(setup.data_root, setup.mode, device)  # boots while torch is imported
    from dlprep.exercises.registry import get_exercise
    from dlprep.grader.grading import Grader, prepare_grading_process

    prepare_grading_process()
    grader = Grader(setup.data_root, zygote=zygote, device=device)
    atexit.register(grader.close)
    exercise = get_exercise(setup.exercise_id, [setup.exercises_dir] if setup.exercises_dir else [])
    return grader, exercise, setup.profile


def _init_worker(setup: WorkerSetup) -> None:
    global _worker
    _worker = start_grader(setup)
    atexit.register(_exit_now)  # after start_grader's: atexit runs the last registered first


def _exit_now() -> None:
    """End a worker without the interpreter's teardown of torch (seconds on a loaded machine).

    The pool's shutdown waits for every worker to end, so that teardown was paid at the end of
    every batch; the grader (its zygote and work directory) is closed first, as before.
    """
    if _worker is not None:
        _worker[0].close()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    os._exit(0)


def _grade_in_worker(submission: Submission) -> GradeOutcome:
    assert _worker is not None, "worker not initialised"
    return grade_outcome(*_worker, submission)

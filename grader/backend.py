"""The one interface `grade-batch` grades through, whichever machines do the work.

A backend takes a submission's source (never a path: a remote worker need not share the
filesystem) and returns a future of its `GradeOutcome`. Two implement it: `pool.WorkerPool`
(worker processes on this machine) and `ray_pool.RayPool` (Ray actors across a cluster). A
future that fails with one of the backend's `lost_errors` lost its worker (a killed process, a
dead node): the batch grades that submission again on a fresh backend, at most `ATTEMPTS` times.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from dlprep.grader.errors import InputError, SandboxError

if TYPE_CHECKING:
    from dlprep.exercises.registry import Exercise
    from dlprep.grader.grading import Grader
    from dlprep.grader.submission import Submission

BACKENDS = ("local", "ray")


@dataclass(frozen=True)
class WorkerSetup:
    """What each worker needs to start grading: plain, picklable values (workers share nothing
    with the parent)."""

    exercise_id: str
    exercises_dir: Path | None
    profile: str
    data_root: Path | None
    mode: str | None = None  # None: bubblewrap if it works
    device: str = "cpu"  # auto | cpu | cuda: each worker resolves it (grader/devices.py)


@dataclass(frozen=True)
class GradeOutcome:
    """A worker's answer: the report (as its JSON dict) or the problem that prevented grading."""

    report: dict[str, object] | None
    problem: str = ""


class WorkerLost(Exception):
    """The worker grading a submission is gone (its process or node died) before it answered."""


class GradingBackend(Protocol):
    """Grades submissions somewhere; see the module docstring."""

    lost_errors: tuple[type[BaseException], ...]

    def submit(self, submission: Submission) -> Future[GradeOutcome]: ...

    def close(self) -> None: ...

    def __enter__(self) -> GradingBackend: ...

    def __exit__(self, *exc_info: object) -> None: ...


def grade_outcome(
    grader: Grader, exercise: Exercise, profile: str, submission: Submission
) -> GradeOutcome:
    """Grade one submission in a worker; every failure becomes this submission's outcome."""
    from dlprep.grader.sanitize import clean_text

    try:
        return GradeOutcome(grader.grade(exercise, submission, profile).to_dict())
    except InputError as error:
        return GradeOutcome(None, clean_text(str(error), 300))
    except SandboxError:
        return GradeOutcome(None, "grader error: SandboxError (the grading sandbox failed)")
    except Exception as error:  # any failure of the grader is this submission's row
        return GradeOutcome(None, f"grader error: {type(error).__name__}")


def open_backend(
    name: str, setup: WorkerSetup, jobs: int | None, address: str | None = None
) -> GradingBackend:
    """A started backend: `jobs` local workers, or Ray actors (default: one per CPU of the cluster)."""
    if name == "ray":
        try:
            import ray  # noqa: F401
        except ImportError:
            raise InputError(
                "--backend ray needs Ray, which is not installed: pip install 'dlprep[ray]'"
            ) from None
        from dlprep.grader.ray_pool import RayPool

        return RayPool(setup, jobs, address)
    from dlprep.grader.pool import WorkerPool

    return WorkerPool(setup, jobs or 1)

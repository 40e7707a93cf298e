"""Grade submissions: a warm zygote for the untrusted side, the pytest harness for the trusted side.

    with Grader() as grader:
        report = grader.grade(exercise, read_submission(path))

A `Grader` grades one submission at a time; the batch pool runs one per worker process.
If a submission manages to kill the zygote, that submission's tests get a crash verdict and
the next one starts a fresh zygote. Any other failure of the grader while it grades one
submission becomes that submission's report: one `error` test, "grader error: <type>" (never
a traceback, never the exception's text, which may name host paths).
"""

from __future__ import annotations

import contextlib
import gc
import time
from pathlib import Path
from typing import TYPE_CHECKING

import torch

from dlprep.grader import training
from dlprep.grader.errors import InputError, SandboxError
from dlprep.grader.harness import HarnessPlugin, run_hidden_tests
from dlprep.grader.profiles import get_profile
from dlprep.grader.progress import ProgressCallback
from dlprep.grader.provenance import provenance
from dlprep.grader.report import Report, TestResult
from dlprep.grader.session import SubmissionSession
from dlprep.grader.submission import Submission
from dlprep.grader.zygote import ZygoteClient

if TYPE_CHECKING:
    from dlprep.exercises.registry import Exercise


def prepare_grading_process() -> None:
    """Tune a process that does nothing but grade (the CLI, a pool worker).

    One torch thread: the tests compare small tensors, and on a busy machine extra threads
    only contend (about 1.5x slower per submission here). A frozen heap: the collector then
    skips torch's many objects during each pytest run.
    """
    torch.set_num_threads(1)
    gc.collect()
    gc.freeze()


def grader_error(error: BaseException) -> TestResult:
    """The report line for a failure of the grader itself while it graded one submission."""
    return TestResult(
        "grader",
        "error",
        1.0,
        f"grader error: {type(error).__name__} (not the submission's fault; grade it again "
        "or tell the instructor) / 评分器错误",
    )


class Grader:
    """Grades submissions of any exercise against its hidden tests, one zygote for many gradings.

    The zygote (a sandboxed process with torch already imported) is started once and forked per
    submission, so a grading costs a fork, not a torch import; the hidden tests run here, in the
    trusted process, and only talk to the submission through a `StudentProxy`.
    """

    def __init__(
        self,
        data_root: Path | None = None,
        mode: str | None = None,
        zygote: ZygoteClient | None = None,
        device: str | None = None,
    ) -> None:
        """`zygote`: one already starting (see `ZygoteClient`), else one is started here.

        `data_root` (default: the zygote's) is the full FashionMNIST root: the sandbox sees its
        view, and the hidden tests' training helpers (`training.data_root()`) find it.
        `device` (cpu | cuda, resolved by `devices.resolve_device`; default: the zygote's, else
        cpu) is where training exercises train, and whose reference band they are held to.
        """
        self._data_root = data_root if data_root is not None or zygote is None else zygote.data_root
        if device is None:
            device = zygote.device if zygote is not None else "cpu"
        self.device = device
        self._zygote = zygote or ZygoteClient(data_root, mode, device)  # starts in the background

    @property
    def mode(self) -> str:
        return self._zygote.mode

    @property
    def zygote(self) -> ZygoteClient:
        """The running zygote (a fresh one if the last was killed)."""
        return self._live_zygote()

    def wait_ready(self) -> None:
        self._zygote.wait_ready()

    def grade(
        self,
        exercise: Exercise,
        submission: Submission,
        profile: str = "quick",
        seed_offset: int = 0,
        on_progress: ProgressCallback | None = None,
    ) -> Report:
        """Run the hidden tests; `seed_offset` shifts every call's seed, `on_progress` gets the
        submission's training progress."""
        get_profile(profile)  # ValueError for an unknown profile
        zygote = self.zygote
        started = time.monotonic()
        session = SubmissionSession(
            zygote, submission, exercise.entry, exercise.signature, exercise.limits, on_progress
        )
        session.forbid = exercise.forbid
        plugin = HarnessPlugin(exercise, session, profile, seed_offset, self.device)
        try:
            session.start()
            with training.grading_data_root(self._data_root):
                tests = run_hidden_tests(Path(exercise.hidden_dir), plugin)
        except (InputError, SandboxError):
            raise  # the exercise or the sandbox itself is broken: the caller's problem
        except Exception as error:
            tests = [grader_error(error)]
        finally:
            with contextlib.suppress(Exception):
                session.close()
        band = plugin.band_choice.to_dict() if plugin.band_choice is not None else None
        made_with = provenance(exercise, zygote.mode, profile, self.device, band)
        return Report(exercise.id, tests, zygote.mode, time.monotonic() - started, dict(made_with))

    def close(self) -> None:
        self._zygote.close()

    def _live_zygote(self) -> ZygoteClient:
        if not self._zygote.alive():
            mode = self._zygote.mode
            self._zygote.close()
            self._zygote = ZygoteClient(self._data_root, mode, self.device)
        self._zygote.wait_ready()
        return self._zygote

    def __enter__(self) -> Grader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

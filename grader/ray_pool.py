"""The Ray backend: grading actors across a cluster, one per CPU slot, each with a warm zygote.

    dlprep grade-batch EX DIR --out OUT --backend ray [--address HOST:6379]

Each `GradingActor` starts its zygote (under bubblewrap on its own node) and imports torch once,
when it starts, then grades submission after submission. Submissions travel as source text and
the exercise (when it is not a built-in one) as the bytes of its folder, so nodes need not share
a filesystem. Ray places the actors on the nodes; this pool only hands each idle actor the next
submission (one at a time, so a dead node loses only what its actors were grading). An actor
that dies (its process, its raylet or its node) is dropped and its in-flight submission fails
with `WorkerLost`: the batch submits it again and it goes to a live actor. When none is left,
fresh actors are started on what remains of the cluster.

`--device`: with `auto` each actor uses its node's GPU if it has one; with `cuda` every actor
asks Ray for a GPU (`num_gpus=1`, so they land on GPU nodes; one actor per GPU by default) and
a cluster without any GPU is an InputError before any actor starts. An actor whose node still
sees no CUDA device answers every submission with that problem (a "not graded" row), never a
crash loop.
"""

from __future__ import annotations

import collections
import json
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ray
from ray.exceptions import ActorDiedError, ActorUnavailableError, RayActorError

from dlprep.grader.backend import GradeOutcome, WorkerLost, WorkerSetup
from dlprep.grader.errors import InputError

if TYPE_CHECKING:
    from dlprep.grader.submission import Submission

NODE_IP_ENV = "RAY_NODE_IP_ADDRESS"  # e.g. 127.0.0.1: which address this driver's node uses


class GradingActor:
    """One grading slot on a node: a `Grader` with its zygote, started once."""

    def __init__(self, setup: WorkerSetup, exercise_files: dict[str, bytes]) -> None:
        import atexit
        import shutil
        import tempfile

        from dlprep.grader.devices import DeviceUnavailable
        from dlprep.grader.pool import start_grader

        if exercise_files:  # an instructor's exercise: recreate its folder on this node
            folder = tempfile.mkdtemp(prefix="dlprep-exercise-")
            atexit.register(shutil.rmtree, folder, True)
            root = Path(folder) / setup.exercise_id
            for relative, data in exercise_files.items():
                target = root / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            setup = WorkerSetup(
                setup.exercise_id, root, setup.profile, setup.data_root, setup.mode, setup.device
            )
        self._problem = ""
        try:
            self._grader, self._exercise, self._profile = start_grader(setup)
        except DeviceUnavailable as error:  # this node has no GPU: every row says so
            self._problem = f"not graded on this Ray node: {error}"

    def node(self) -> str:
        return str(ray.get_runtime_context().get_node_id())

    def grade(self, filename: str, source: str) -> str:
        """The GradeOutcome as JSON text: plain data back to the driver."""
        from dlprep.grader.backend import grade_outcome
        from dlprep.grader.submission import Submission

        if self._problem:
            return json.dumps({"report": None, "problem": self._problem})
        outcome = grade_outcome(
            self._grader, self._exercise, self._profile, Submission.from_text(source, filename)
        )
        return json.dumps({"report": outcome.report, "problem": outcome.problem})


_RemoteActor: Any = ray.remote(num_cpus=1, max_restarts=0, max_task_retries=0)(GradingActor)
LOST = (RayActorError, ActorDiedError, ActorUnavailableError)


class RayPool:
    """The batch backend on Ray (see the module docstring)."""

    lost_errors: tuple[type[BaseException], ...] = (WorkerLost,)

    def __init__(self, setup: WorkerSetup, jobs: int | None, address: str | None) -> None:
        self._owns_ray = not ray.is_initialized()
        if self._owns_ray:
            _connect(address)
        self._setup, self._jobs = setup, jobs
        self._files = _exercise_files(setup)
        self._lock = threading.Condition()
        self._closed = False
        self._queue: collections.deque[tuple[Submission, Future[GradeOutcome]]] = (
            collections.deque()
        )
        self._idle: list[Any] = []
        self._actors: list[Any] = []
        self.lost_actors = 0
        self._start_actors()
        self._dispatcher = threading.Thread(target=self._dispatch, daemon=True)
        self._dispatcher.start()

    def _start_actors(self) -> None:
        slots, options = actor_plan(self._setup.device, self._jobs, ray.cluster_resources())
        actor = _RemoteActor.options(**options)
        fresh = [actor.remote(self._setup, self._files) for _ in range(slots)]
        self._actors += fresh
        self._idle += fresh

    def submit(self, submission: Submission) -> Future[GradeOutcome]:
        future: Future[GradeOutcome] = Future()
        with self._lock:
            self._queue.append((submission, future))
            self._lock.notify()
        return future

    def _dispatch(self) -> None:
        """The dispatcher thread: give each idle actor the next queued submission.

        Calls to Ray happen here, never in a completion callback (those run on Ray's threads).
        """
        while True:
            with self._lock:
                while not self._closed and not (self._queue and (self._idle or not self._actors)):
                    self._lock.wait()
                if self._closed:
                    return
                if not self._actors:  # every actor died: start fresh ones on the live nodes
                    self._start_actors()
                actor = self._idle.pop()
                submission, future = self._queue.popleft()
            reply = actor.grade.remote(submission.filename, submission.source).future()
            reply.add_done_callback(
                lambda done, actor=actor, future=future: self._finished(actor, future, done)
            )

    def _finished(self, actor: Any, future: Future[GradeOutcome], done: Future[str]) -> None:
        try:
            data = json.loads(done.result())
            outcome = GradeOutcome(data["report"], str(data["problem"]))
        except LOST as error:
            with self._lock:
                self.lost_actors += 1
                if actor in self._actors:
                    self._actors.remove(actor)
                self._lock.notify()
            future.set_exception(WorkerLost(type(error).__name__))
            return
        except Exception as error:  # the actor's own failure, as this submission's row
            outcome = GradeOutcome(None, f"grader error: {type(error).__name__}")
        with self._lock:
            if actor in self._actors:
                self._idle.append(actor)
            self._lock.notify()
        future.set_result(outcome)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._lock.notify()
            actors, self._actors, self._idle = self._actors, [], []
            for _, future in self._queue:
                future.cancel()
            self._queue.clear()
        for actor in actors:
            ray.kill(actor)

    def __enter__(self) -> RayPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def actor_plan(
    device: str, jobs: int | None, resources: dict[str, float]
) -> tuple[int, dict[str, Any]]:
    """How many actors to start and their Ray options: one per CPU (or `jobs`), or for cuda one
    GPU each (at most one actor per GPU of the cluster)."""
    if device != "cuda":
        return jobs or max(1, int(resources.get("CPU", 1))), {}
    gpus = int(resources.get("GPU", 0))
    if gpus < 1:
        raise InputError(
            "--device cuda: the Ray cluster has no GPU (no node offers the GPU resource); "
            "grade with --device auto or cpu"
        )
    return min(jobs or gpus, gpus), {"num_gpus": 1}  # more would wait for a GPU forever


def _connect(address: str | None) -> None:
    """Join the cluster at `address` (None: $RAY_ADDRESS, else start Ray on this machine)."""
    import os

    extra: dict[str, Any] = {}
    if node_ip := os.environ.get(NODE_IP_ENV):
        extra["_node_ip_address"] = node_ip
    ray.init(address=address, include_dashboard=False, log_to_driver=False, **extra)


def _exercise_files(setup: WorkerSetup) -> dict[str, bytes]:
    """An instructor's exercise folder as bytes (built-in exercises ship with dlprep)."""
    if setup.exercises_dir is None:
        return {}
    from dlprep.exercises.registry import get_exercise

    folder = Path(get_exercise(setup.exercise_id, [setup.exercises_dir]).path)
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }

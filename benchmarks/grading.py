"""Grading benchmark: the warm sandboxed pool vs a fresh `python -m pytest` per submission.

Generates N submissions of the built-in `cross_entropy` exercise (correct and incorrect
variants), grades all of them with the worker pool (bubblewrap unless unavailable, `--jobs`
workers, each with a warm zygote), then grades a sample the naive way — a new interpreter per
submission that imports torch and the submission and runs the hidden tests with pytest, the
same number at a time — and prints both throughputs, their ratio (target: 20x), whether both
ways gave the same scores, and where a sandboxed submission's time goes.

    python benchmarks/grading.py [--submissions 100] [--jobs 2] [--naive 20] [--cold] [--mix IDS]

`--mix` (default: a function and a class exercise of each kind of check, comma-separated ids;
`--mix none` skips it) also grades every built-in reference and wrong version of those
exercises with a warm pool per exercise and prints each one's throughput: the grader's speed
with the other exercises in the mix, not only cross_entropy's.

`--cold` also times a cold `python -m dlprep grade-batch` over the same submissions (process
start, imports and the pool's start-up included) and prints the cold and warm ratios to the
naive way extrapolated to the same count (target: cold under 1/20 of naive for 40 function
submissions); run it with `--submissions 40` and `--submissions 400`.

`--cold-counts 40,400` does only that, for each count in one run: a cold grade-batch, a warm
pool, and the naive way on a sample of `--naive` submissions extrapolated per submission (400
fresh pytest runs would take most of an hour on a loaded machine; the output says so), then
the cold and warm ratios, with the load average before and after (the machine is shared).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from dlprep.exercises.registry import Exercise, get_exercise
from dlprep.grader.grading import Grader, prepare_grading_process
from dlprep.grader.harness import HarnessPlugin, run_hidden_tests
from dlprep.grader.launcher import sandbox_mode
from dlprep.grader.pool import GradeOutcome, WorkerPool, WorkerSetup
from dlprep.grader.session import SubmissionSession
from dlprep.grader.submission import read_submission

EXERCISE = "cross_entropy"
MIX = "dropout_layer,batch_norm,softmax,corr2d,masked_softmax,layer_norm,MyLinear,Accumulator"
VARIANTS = {
    True: [
        "import torch\n\ndef cross_entropy(y_hat, y):\n    return -torch.log(y_hat[range(len(y_hat)), y])\n",
        "import torch\n\ndef cross_entropy(y_hat, y):\n    picked = y_hat.gather(1, y.unsqueeze(1)).squeeze(1)\n"
        "    return -torch.log(picked)\n",
        "import torch\n\ndef cross_entropy(y_hat, y):\n    return -y_hat[torch.arange(y_hat.shape[0]), y].log()\n",
    ],
    False: [
        "import torch\n\ndef cross_entropy(y_hat, y):\n    return -torch.log(y_hat[range(len(y_hat)), y]).mean()\n",
        "import torch\n\ndef cross_entropy(y_hat, y):\n    return torch.log(y_hat[range(len(y_hat)), y])\n",
        "import torch\n\ndef cross_entropy(y_hat, y):\n    return -torch.log(y_hat).sum(dim=1)\n",
        "def cross_entropy(y_hat, y):\n    raise NotImplementedError\n",
        "import torch\n\ndef cross_entropy(y_hat, y)\n    return y_hat\n",
    ],
}
NAIVE_CONFTEST = """
import importlib.util, random, time, types
import pytest, torch

def pytest_configure(config):
    config.addinivalue_line("markers", "points(n): points")
    config.addinivalue_line("markers", "describe(en, zh): what the test checks")
    config.addinivalue_line("markers", "concepts(*ids): cards")

class Student:
    def __init__(self, module):
        self.module = module
    def call(self, name, *args, seed=0, no_grad=False, backward=False, **kwargs):
        torch.manual_seed(seed)
        random.seed(seed)
        start = time.perf_counter()
        with torch.no_grad() if no_grad else torch.enable_grad():
            value = getattr(self.module, name)(*args, **kwargs)
        grads = None
        if backward:
            (value[0] if isinstance(value, tuple) else value).sum().backward()
            grads = [a.grad if isinstance(a, torch.Tensor) else None for a in args]
        return types.SimpleNamespace(value=value, args=list(args), grads=grads, stdout="",
                                     seconds=time.perf_counter() - start)
    def __getattr__(self, name):
        return lambda *args, **kwargs: self.call(name, *args, **kwargs).value

@pytest.fixture
def student():
    spec = importlib.util.spec_from_file_location("submission", "SUBMISSION")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return Student(module)
"""


def write_submissions(directory: Path, count: int) -> list[Path]:
    """`count` files alternating correct and incorrect variants, each with its own header."""
    paths = []
    for index in range(count):
        correct = index % 2 == 0
        variants = VARIANTS[correct]
        source = f"# student {index:03d}\n" + variants[index // 2 % len(variants)]
        path = directory / f"student{index:03d}.py"
        path.write_text(source, encoding="utf-8")
        paths.append(path)
    return paths


def grade_with_pool(paths: list[Path], jobs: int) -> tuple[float, float, dict[str, float]]:
    """(start-up seconds, grading seconds, score per file) with the sandboxed worker pool."""
    started = time.perf_counter()
    with WorkerPool(WorkerSetup(EXERCISE, None, "quick", None), jobs) as pool:
        warm_up = [
            pool.submit(read_submission(paths[0])) for _ in range(jobs)
        ]  # start every worker, warm its zygote
        for future in warm_up:
            future.result()
        warm = time.perf_counter()
        futures = {path.name: pool.submit(read_submission(path)) for path in paths}
        scores = {name: _score(future.result()) for name, future in futures.items()}
        done = time.perf_counter()
    return warm - started, done - warm, scores


def grade_mix(exercise_ids: list[str], jobs: int) -> list[tuple[str, int, float, float]]:
    """(id, submissions, pool start-up s, grading s) per exercise: its reference and wrong/ files."""
    rows = []
    for exercise_id in exercise_ids:
        exercise = get_exercise(exercise_id)
        paths = [exercise.reference_path, *exercise.wrong_paths]
        started = time.perf_counter()
        with WorkerPool(WorkerSetup(exercise_id, None, "quick", None), jobs) as pool:
            for future in [pool.submit(read_submission(paths[0])) for _ in range(jobs)]:
                future.result()
            warm = time.perf_counter()
            outcomes = [pool.submit(read_submission(path)) for path in paths]
            for future in outcomes:
                future.result()
            done = time.perf_counter()
        rows.append((exercise_id, len(paths), warm - started, done - warm))
    return rows


def print_mix(rows: list[tuple[str, int, float, float]]) -> None:
    print("  mix (warm pool per exercise; references and wrong versions):")
    for exercise_id, count, startup, seconds in rows:
        print(
            f"    {exercise_id:<16} {count:3d} submissions in {seconds:6.2f} s = "
            f"{count / seconds:5.1f}/s (pool start {startup:5.1f} s)"
        )
    total = sum(row[1] for row in rows)
    seconds = sum(row[3] for row in rows)
    if rows:
        print(
            f"    all              {total:3d} submissions in {seconds:6.2f} s = {total / seconds:5.1f}/s"
        )


def _score(outcome: GradeOutcome) -> float:
    if outcome.report is None:
        raise RuntimeError(f"a submission could not be graded: {outcome.problem}")
    return float(outcome.report["score"])  # type: ignore[arg-type]


def grade_naively(
    paths: list[Path], exercise: Exercise, jobs: int, work: Path
) -> tuple[float, dict[str, float]]:
    """Seconds and scores for a fresh `python -m pytest` per submission, `jobs` at a time."""
    started = time.perf_counter()
    with ThreadPoolExecutor(jobs) as executor:
        scores = dict(executor.map(lambda path: _naive_one(path, exercise, work), paths))
    return time.perf_counter() - started, scores


def _naive_one(path: Path, exercise: Exercise, work: Path) -> tuple[str, float]:
    folder = work / f"naive-{path.stem}"
    folder.mkdir()
    for test in exercise.hidden_dir.glob("test_*.py"):
        (folder / test.name).write_text(test.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "conftest.py").write_text(
        NAIVE_CONFTEST.replace("SUBMISSION", str(path)), encoding="utf-8"
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            str(folder),
            "--rootdir",
            str(folder),
            "-c",
            os.devnull,
            f"--junitxml={folder / 'junit.xml'}",
        ],
        capture_output=True,
        check=False,
    )
    return path.name, _junit_score(folder / "junit.xml")


def _junit_score(junit: Path) -> float:
    """Passed tests in pytest's JUnit XML (a testcase without failure/error/skipped children)."""
    cases = ElementTree.parse(junit).getroot().iter("testcase")
    return float(sum(1 for case in cases if not list(case)))


class TimedSession(SubmissionSession):
    """A SubmissionSession that adds up the time its calls take (benchmark instrumentation)."""

    call_seconds = 0.0

    def call(self, *args: object, **kwargs: object) -> dict[str, object]:  # type: ignore[override]
        start = time.perf_counter()
        try:
            return super().call(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            self.call_seconds += time.perf_counter() - start


def breakdown(paths: list[Path], exercise: Exercise) -> dict[str, float]:
    """Median milliseconds per phase of one submission, graded in this process with one zygote."""
    names = ("fork + load", "hidden tests (pytest + calls)", "end child + cleanup")
    phases: dict[str, list[float]] = {name: [] for name in (*names, "of which calls in the child")}
    prepare_grading_process()
    with Grader() as grader:
        grader.wait_ready()
        for path in paths:
            session = TimedSession(
                grader.zygote,
                read_submission(path),
                exercise.entry,
                exercise.signature,
                exercise.limits,
            )
            moments = [time.perf_counter()]
            session.start()
            moments.append(time.perf_counter())
            run_hidden_tests(exercise.hidden_dir, HarnessPlugin(exercise, session, "quick"))
            moments.append(time.perf_counter())
            session.close()
            moments.append(time.perf_counter())
            for name, start, end in zip(names, moments, moments[1:], strict=False):
                phases[name].append(end - start)
            phases["of which calls in the child"].append(session.call_seconds)
    return {name: 1000 * statistics.median(values) for name, values in phases.items()}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--submissions", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--naive", type=int, default=20, help="how many submissions to grade the naive way"
    )
    parser.add_argument("--cold", action="store_true", help="also time a cold grade-batch")
    parser.add_argument("--mix", default=MIX, help="other exercises to grade warm ('none': skip)")
    parser.add_argument("--only-mix", action="store_true", help="grade only the --mix exercises")
    parser.add_argument(
        "--cold-counts",
        metavar="N,N",
        help="only cold and warm ratios to naive for these counts, e.g. 40,400",
    )
    args = parser.parse_args()
    if args.cold_counts:
        counts = [int(part) for part in args.cold_counts.split(",") if part]
        cold_ratios(counts, args.jobs, args.naive)
        return
    mix = [] if args.mix == "none" else [part for part in args.mix.split(",") if part]
    if args.only_mix:
        print_mix(grade_mix(mix, args.jobs))
        return
    exercise = get_exercise(EXERCISE)
    with tempfile.TemporaryDirectory(prefix="dlprep-bench-") as work_dir:
        work = Path(work_dir)
        (work / "submissions").mkdir()
        paths = write_submissions(work / "submissions", args.submissions)
        startup, pooled, scores = grade_with_pool(paths, args.jobs)
        sample = paths[: args.naive]
        naive_seconds, naive_scores = grade_naively(sample, exercise, args.jobs, work)
        phases = breakdown(paths[:20], exercise)
        cold = cold_batch(work / "submissions", work / "out", args.jobs) if args.cold else None
    report(args, startup, pooled, naive_seconds, len(sample), scores, naive_scores, phases)
    if mix:
        print_mix(grade_mix(mix, args.jobs))
    if cold is not None:
        naive_all = naive_seconds / len(sample) * args.submissions
        print(
            f"  cold batch     : {cold:6.2f} s for {args.submissions} (process start included); "
            f"naive {naive_all:6.1f} s -> cold = 1/{naive_all / cold:.1f} of naive, "
            f"warm = 1/{naive_all / pooled:.1f} (target cold < 1/20)"
        )


def cold_ratios(counts: list[int], jobs: int, naive_count: int) -> None:
    """Cold batch, warm pool and naive (sampled) seconds per count, and their ratios, in one run."""
    print(f"load average before: {_load()}; {jobs} jobs, sandbox: {sandbox_mode()}")
    exercise = get_exercise(EXERCISE)
    rows = []
    with tempfile.TemporaryDirectory(prefix="dlprep-bench-") as work_dir:
        work = Path(work_dir)
        for count in counts:
            folder = work / f"submissions-{count}"
            folder.mkdir()
            paths = write_submissions(folder, count)
            cold = cold_batch(folder, work / f"out-{count}", jobs)
            _, warm, _ = grade_with_pool(paths, jobs)
            rows.append((count, cold, warm))
        (work / "naive-sample").mkdir()
        sample = write_submissions(work / "naive-sample", naive_count)
        naive_seconds, _ = grade_naively(sample, exercise, jobs, work)
    per_submission = naive_seconds / naive_count
    print(
        f"naive: {naive_seconds:.1f} s for a sample of {naive_count} ({jobs} at a time) = "
        f"{per_submission:.2f} s per submission, extrapolated to each count below"
    )
    for count, cold, warm in rows:
        naive = per_submission * count
        print(
            f"{count:4d} submissions: cold {cold:6.2f} s, warm {warm:6.2f} s, naive ~{naive:7.1f} s "
            f"-> cold = 1/{naive / cold:.1f} of naive, warm = 1/{naive / warm:.1f} (target cold < 1/20)"
        )
    print(f"load average after: {_load()}")


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def cold_batch(directory: Path, out: Path, jobs: int) -> float:
    """Seconds for a fresh `python -m dlprep grade-batch` process to grade `directory`."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "dlprep", "grade-batch", EXERCISE, str(directory)]
        + ["--out", str(out), "--jobs", str(jobs)],
        capture_output=True,
        check=False,
    )
    return time.perf_counter() - start


def report(
    args: argparse.Namespace,
    startup: float,
    pooled: float,
    naive_seconds: float,
    naive_count: int,
    scores: dict[str, float],
    naive_scores: dict[str, float],
    phases: dict[str, float],
) -> None:
    pooled_rate = args.submissions / pooled
    end_to_end_rate = args.submissions / (pooled + startup)
    naive_rate = naive_count / naive_seconds
    agree = sum(scores[name] == score for name, score in naive_scores.items())
    print(f"{args.submissions} {EXERCISE} submissions, {args.jobs} jobs, sandbox: {sandbox_mode()}")
    print(
        f"  sandboxed pool : {pooled:6.2f} s  -> {pooled_rate:6.1f} submissions/s "
        f"({1000 * pooled / args.submissions * args.jobs:.0f} ms each per job); start-up {startup:.2f} s"
    )
    print(
        f"  naive pytest   : {naive_seconds:6.2f} s for {naive_count} -> {naive_rate:6.2f} submissions/s "
        f"({naive_seconds / naive_count * args.jobs:.2f} s each per job)"
    )
    print(
        f"  speed-up       : {pooled_rate / naive_rate:5.1f}x warm, {end_to_end_rate / naive_rate:5.1f}x "
        f"including the pool's start-up (target 20x)"
    )
    print(f"  same scores    : {agree}/{naive_count} submissions")
    print(
        "  one sandboxed submission, median of 20 (ms): "
        + ", ".join(f"{name} {value:.1f}" for name, value in phases.items())
    )


if __name__ == "__main__":
    main()

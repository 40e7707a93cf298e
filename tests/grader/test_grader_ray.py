"""The Ray backend on a real two-node cluster on loopback (`ray_cluster`): same results as the
local backend, and a node that dies mid-batch costs only a retry of what it was grading."""

from __future__ import annotations

import csv
import json
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console

from dlprep.grader.batch import BatchOptions, grade_batch

ray = pytest.importorskip("ray", reason="ray is not installed (pip install 'dlprep[ray]')")

from ray_cluster import Cluster, start_cluster  # noqa: E402

CORRECT = "def scale(x, factor):\n    return x * factor\n"
SLOW = "import time\ntime.sleep(3)\n\n\ndef scale(x, factor):\n    return x * factor\n"


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    try:
        running = start_cluster()
    except (RuntimeError, OSError) as error:  # a failure, not a skip: make test must start it
        pytest.fail(f"Ray cannot start a local cluster here: {str(error)[-2000:]}")
    yield running
    ray.shutdown()
    running.stop()


def _options(toy_pack: Path, backend: str, address: str | None = None) -> BatchOptions:
    return BatchOptions(
        "scale", toy_pack, "quick", None, 2, "scale", backend=backend, address=address
    )


def _comparable(out: Path) -> dict[str, object]:
    reports = {}
    for path in sorted((out / "reports").glob("*.json")):
        data = json.loads(path.read_text())
        data.pop("duration_s")
        reports[path.stem] = data
    return reports


def test_both_backends_give_the_same_reports_gradebook_and_resume(
    cluster: Cluster, toy_pack: Path, tmp_path: Path
) -> None:
    classroom = tmp_path / "class"
    classroom.mkdir()
    (classroom / "alice.py").write_text(CORRECT)
    (classroom / "bob.py").write_text("def scale(x, factor):\n    return x + factor\n")
    (classroom / "carl.py").write_text("def scale(x, factor)\n    return x\n")
    console = Console(file=open(os.devnull, "w"))  # noqa: SIM115
    local = grade_batch(_options(toy_pack, "local"), classroom, tmp_path / "local", console)
    remote = grade_batch(
        _options(toy_pack, "ray", cluster.address), classroom, tmp_path / "ray", console
    )
    assert (local.graded, remote.graded) == (3, 3)
    assert _comparable(tmp_path / "local") == _comparable(tmp_path / "ray")
    assert (tmp_path / "local" / "gradebook.csv").read_text() == (
        tmp_path / "ray" / "gradebook.csv"
    ).read_text()
    again = grade_batch(
        _options(toy_pack, "ray", cluster.address), classroom, tmp_path / "ray", console
    )
    assert (again.graded, again.skipped) == (0, 3)


def test_a_node_killed_mid_batch_loses_no_submission_and_grades_none_twice(
    cluster: Cluster, toy_pack: Path, tmp_path: Path
) -> None:
    classroom = tmp_path / "class"
    classroom.mkdir()
    names = [f"s{index}" for index in range(6)]
    for name in names:
        (classroom / f"{name}.py").write_text(SLOW)
    out = tmp_path / "out"
    console = Console(file=open(os.devnull, "w"))  # noqa: SIM115
    raylets = cluster.raylet_pids(1)
    assert raylets, "the second node has no raylet"

    def kill_when_grading() -> None:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and not any((out / "reports").glob("*.json")):
            time.sleep(0.2)
        for pid in raylets:
            os.kill(pid, signal.SIGKILL)

    killer = threading.Thread(target=kill_when_grading)
    killer.start()
    summary = grade_batch(_options(toy_pack, "ray", cluster.address), classroom, out, console)
    killer.join()
    rows = list(csv.DictReader((out / "gradebook.csv").open()))
    assert [row["name"] for row in rows] == names  # every row, once
    assert all(row["passed"] == "true" for row in rows), rows
    assert summary.problems == {} and summary.graded == 6
    assert summary.retried >= 1  # the dead node's in-flight submissions were graded elsewhere
    assert sorted(path.stem for path in (out / "reports").glob("*.json")) == names


def test_without_ray_the_flag_says_how_to_install_it(
    toy_pack: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import builtins

    from dlprep.cli import main

    real_import = builtins.__import__

    def hide_ray(name: str, *args: object, **kwargs: object) -> object:
        if name == "ray" or name.startswith("ray."):
            raise ImportError("No module named 'ray'")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", hide_ray)
    (tmp_path / "a.py").write_text(CORRECT)
    args = ["grade-batch", "scale", str(tmp_path), "--out", str(tmp_path / "out")]
    assert main([*args, "--exercises", str(toy_pack), "--backend", "ray"]) == 2
    assert "pip install 'dlprep[ray]'" in capsys.readouterr().err

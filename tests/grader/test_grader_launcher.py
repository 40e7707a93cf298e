"""The zygote's launch: what bubblewrap exposes, the degraded fallback, and what the child can read."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from grader_toys import write_fashion_root

from dlprep.exercises.registry import Limits
from dlprep.grader import launcher
from dlprep.grader.grading import Grader
from dlprep.grader.launcher import BUBBLEWRAP, DEGRADED, SANDBOX_LIB, launch_for, sandbox_mode
from dlprep.grader.sandbox_lib.dlprep_common.datafiles import FULL_VIEW_FILE, QUICK_FILE
from dlprep.grader.session import SubmissionSession
from dlprep.grader.submission import Submission

PROJECT = SANDBOX_LIB.parents[1]


def bind_sources(argv: list[str]) -> list[str]:
    return [
        argv[i + 1]
        for i, flag in enumerate(argv)
        if flag in ("--ro-bind", "--bind", "--ro-bind-try")
    ]


@pytest.fixture
def launch(tmp_path: Path) -> list[str]:
    if not launcher.bubblewrap_works():
        pytest.skip("bubblewrap cannot create namespaces on this machine")
    return launch_for(BUBBLEWRAP, 5, write_fashion_root(tmp_path / "root")).argv


def test_bubblewrap_isolates_everything_and_clears_the_environment(launch: list[str]) -> None:
    assert "--unshare-net" in launch or "--unshare-all" in launch
    for flag in ("--die-with-parent", "--new-session", "--clearenv"):
        assert flag in launch
    names = [launch[i + 1] for i, flag in enumerate(launch) if flag == "--setenv"]
    assert sorted(names) == [
        "DLPREP_DATA",
        "DLPREP_DEVICE",
        "DLPREP_PACKAGE_DATA",
        "HOME",
        "LANG",
        "PATH",
        "PYTHONPATH",
    ]


def test_no_project_file_but_the_sandbox_library_and_data_is_mounted(
    launch: list[str], tmp_path: Path
) -> None:
    inside_project = [
        source
        for source in bind_sources(launch)
        if Path(source).is_relative_to(PROJECT)
        and not Path(source).is_relative_to(PROJECT / ".venv")
    ]
    submission_data = PROJECT / "grader" / "data" / QUICK_FILE  # never the held-out file beside it
    assert sorted(inside_project) == sorted([str(SANDBOX_LIB), str(submission_data)])
    view = [source for source in bind_sources(launch) if source.endswith(FULL_VIEW_FILE)]
    assert len(view) == 1 and not Path(view[0]).is_relative_to(
        tmp_path
    )  # the data root's view, not the root
    assert not any(
        "exercises" in source or source.endswith("tests") for source in bind_sources(launch)
    )


def test_dlprep_installation_is_hidden_in_site_packages(launch: list[str]) -> None:
    hidden = [
        launch[i + 2]
        for i, flag in enumerate(launch)
        if flag == "--ro-bind" and launch[i + 1] == "/dev/null"
    ]
    hidden += [
        launch[i + 1]
        for i, flag in enumerate(launch)
        if flag == "--tmpfs" and "/sandbox/site" in launch[i + 1]
    ]
    assert any("dlprep" in path and path.endswith(".pth") for path in hidden)
    assert any("dist-info" in path for path in hidden)


def test_as_an_ordinary_user_every_namespace_is_unshared(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(launcher.os, "geteuid", lambda: 1000)
    monkeypatch.setattr(launcher, "bwrap_executable", lambda: "/bin/bwrap")
    argv = launch_for(BUBBLEWRAP, 5, None).argv
    assert "--unshare-all" in argv and "--cap-add" not in argv
    assert json.loads(argv[-1])["drop_to_uid"] is None


def test_degraded_mode_is_forced_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DLPREP_SANDBOX", "degraded")
    assert sandbox_mode() == DEGRADED
    launch = launch_for(DEGRADED, 5, None)
    assert launch.host_workroot is not None
    launch.host_workroot.rmdir()
    assert "bwrap" not in " ".join(launch.argv)
    assert set(launch.env) == {
        "PATH",
        "HOME",
        "LANG",
        "PYTHONPATH",
        "DLPREP_PACKAGE_DATA",
        "DLPREP_DEVICE",
    }
    assert json.loads(launch.argv[-1])["workroot"] == str(launch.host_workroot)


def test_without_a_working_bwrap_the_mode_is_degraded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DLPREP_SANDBOX", raising=False)
    monkeypatch.setattr(launcher, "bubblewrap_works", lambda: False)
    assert sandbox_mode() == DEGRADED


PROBE = """import os
from dlprep_child.build import data_paths

def probe():
    paths = data_paths()
    readable = [os.access(path, os.R_OK) for path in (paths.package_data, paths.data_root)]
    import dlprep_common.codec  # a module of the sandbox library, importable by the child
    return {"readable": readable, "data_root": sorted(os.listdir(paths.data_root)), "env": sorted(os.environ)}
"""


@pytest.fixture
def data_root() -> Iterator[Path]:
    """A world-readable data root (degraded children of a root grader run as an unprivileged uid)."""
    with tempfile.TemporaryDirectory(prefix="dlprep-data-") as directory:
        root = Path(directory)
        root.chmod(0o755)
        yield write_fashion_root(root)


@pytest.mark.parametrize("mode", [BUBBLEWRAP, DEGRADED])
def test_the_child_reads_the_sandbox_library_and_both_data_directories(
    mode: str, data_root: Path
) -> None:
    if mode == BUBBLEWRAP and not launcher.bubblewrap_works():
        pytest.skip("bubblewrap cannot create namespaces on this machine")
    limits = Limits(wall_seconds=10, call_seconds=5, memory_mib=256)
    with Grader(data_root, mode) as grader:
        session = SubmissionSession(
            grader.zygote, Submission.from_text(PROBE), "probe", "probe()", limits
        )
        assert session.start() is None
        value = session.call("probe", [], {})["value"]
        session.close()
    # bubblewrap shows the root's view only (no held-out images); degraded children see the host.
    listing = [FULL_VIEW_FILE] if mode == BUBBLEWRAP else ["FashionMNIST"]
    assert value == {
        "readable": [True, True],
        "data_root": listing,
        "env": [
            "DLPREP_DATA",
            "DLPREP_DEVICE",
            "DLPREP_PACKAGE_DATA",
            "HOME",
            "LANG",
            "PATH",
            "PYTHONPATH",
        ],
    }

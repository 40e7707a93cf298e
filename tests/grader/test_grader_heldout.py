"""The full profile's held-out images never enter the sandbox, and the parent still finds them.

The sandbox gets only the parent's view of a FashionMNIST root (training images and the
`test` half of t10k, one `.npz`); the parent scores on the held-out half from the root itself,
found through `--data-dir` without touching the environment.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest
from grader_toys import HELDOUT_MARK, write_exercise, write_fashion_root

from dlprep.cli import main
from dlprep.exercises.registry import Limits
from dlprep.grader import launcher, training
from dlprep.grader.grading import Grader
from dlprep.grader.launcher import BUBBLEWRAP, launch_for
from dlprep.grader.sandbox_data import DataRootError, sandbox_view
from dlprep.grader.sandbox_lib.dlprep_common.datafiles import (
    FULL_TEST_SIZE,
    FULL_VIEW_FILE,
    RAW_NAMES,
)
from dlprep.grader.sandbox_lib.dlprep_common.fashion import DataUnavailable, load_split
from dlprep.grader.session import SubmissionSession
from dlprep.grader.submission import Submission

# A hostile submission: every file name in the sandbox, and the contents of every file outside
# the code trees (gzip and zip members unpacked), searched for held-out data; then the full
# profile loaded the way the builders load it, the held-out split included.
SCAN = """import gzip, os, sys, zipfile

SKIP = ("/proc", "/sys", "/dev")
CODE_TREES = ("/usr", "/lib", "/lib32", "/lib64", "/libx32", "/bin", "/sbin", "/etc", "/sandbox/lib",
              "/sandbox/site", os.path.realpath(sys.base_prefix))


def contents(path):
    with open(path, "rb") as file:
        data = file.read(200_000_000)
    if data[:2] == b"\\x1f\\x8b":
        return gzip.decompress(data)
    if data[:4] == b"PK\\x03\\x04":
        with zipfile.ZipFile(path) as archive:
            return b"".join(archive.read(name) for name in archive.namelist())
    return data


def in_code(path):
    return any(path == tree or path.startswith(tree + "/") for tree in CODE_TREES)


def scan(mark, top="/"):
    found = []
    for folder, dirs, files in os.walk(top):
        dirs[:] = [name for name in dirs if os.path.join(folder, name) not in SKIP]
        for name in files:
            path = os.path.join(folder, name)
            if "heldout" in name or "t10k" in name:
                found.append(path)
            elif not in_code(path) and os.path.isfile(path):
                try:
                    if mark.encode() in contents(path):
                        found.append(path)
                except (OSError, ValueError, EOFError, zipfile.BadZipFile):
                    pass
    return found
"""
ATTACK = (
    SCAN
    + """
from dlprep_child.build import data_paths
from dlprep_common.fashion import DataUnavailable, load_split


def attack(mark):
    root = data_paths().data_root
    sizes = {split: len(load_split(split, "full", None, root)[1]) for split in ("train", "test")}
    try:
        load_split("heldout", "full", None, root)
        sizes["heldout"] = "readable"
    except DataUnavailable:
        sizes["heldout"] = "refused"
    return {"found": scan(mark), "sizes": sizes, "data_root": sorted(os.listdir(root))}
"""
)


def bind_pairs(argv: list[str]) -> list[tuple[str, str]]:
    return [
        (argv[i + 1], argv[i + 2])
        for i, flag in enumerate(argv)
        if flag in ("--ro-bind", "--bind", "--ro-bind-try")
    ]


@pytest.fixture
def fake_root(tmp_path: Path) -> Path:
    return write_fashion_root(tmp_path / "root")


def test_full_profile_launch_binds_no_file_holding_held_out_images(
    fake_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(launcher, "bwrap_executable", lambda: "/bin/bwrap")
    binds = bind_pairs(launch_for(BUBBLEWRAP, 5, fake_root).argv)
    exposing = [
        source
        for source, _ in binds
        if Path(source).is_relative_to(fake_root) or fake_root.is_relative_to(source)
    ]
    assert exposing == [], (
        "the FashionMNIST root (its t10k files hold the held-out half) is mounted"
    )
    data = {inside: Path(source) for source, inside in binds if inside.startswith("/sandbox/data")}
    assert sorted(data) == [
        "/sandbox/data/package/fashion_quick.npz",
        f"/sandbox/data/root/{FULL_VIEW_FILE}",
    ]
    for source in data.values():
        assert source.is_file() and HELDOUT_MARK not in source.read_bytes(), source
    with np.load(data[f"/sandbox/data/root/{FULL_VIEW_FILE}"]) as view:
        assert {name: view[name].shape for name in view.files} == {
            "train_images": (3, 28, 28),
            "train_labels": (3,),
            "test_images": (FULL_TEST_SIZE, 28, 28),
            "test_labels": (FULL_TEST_SIZE,),
        }


def test_a_submission_walking_the_sandbox_finds_no_held_out_images(fake_root: Path) -> None:
    if not launcher.bubblewrap_works():
        pytest.skip("bubblewrap cannot create namespaces on this machine")
    namespace: dict[str, object] = {}
    exec(SCAN, namespace)
    t10k = fake_root / "FashionMNIST" / "raw" / "t10k-images-idx3-ubyte.gz"
    assert HELDOUT_MARK in namespace["contents"](t10k), "the attack reads the mark where it is"  # type: ignore[operator]
    limits = Limits(wall_seconds=120, call_seconds=60, memory_mib=1024)
    with Grader(fake_root, BUBBLEWRAP) as grader:
        session = SubmissionSession(
            grader.zygote,
            Submission.from_text(ATTACK, "attack.py"),
            "attack",
            "attack(mark)",
            limits,
        )
        assert session.start() is None
        value = session.call("attack", [HELDOUT_MARK.decode()], {})["value"]
        session.close()
    assert value == {
        "found": [],
        "sizes": {"train": 3, "test": FULL_TEST_SIZE, "heldout": "refused"},
        "data_root": [FULL_VIEW_FILE],
    }


def test_the_view_is_built_once_and_rebuilt_when_the_data_changes(tmp_path: Path) -> None:
    root = write_fashion_root(tmp_path / "root", gzipped=False)
    view = sandbox_view(root, tmp_path / "cache")
    built = view.stat().st_mtime_ns
    assert sandbox_view(root, tmp_path / "cache") == view and view.stat().st_mtime_ns == built
    assert view.stat().st_mode & 0o777 == 0o644
    train = root / "FashionMNIST" / "raw" / "train-images-idx3-ubyte"
    content = train.read_bytes()
    train.write_bytes(content[:-1] + b"\x01")  # same size: only the contents changed
    changed = sandbox_view(root, tmp_path / "cache")
    assert changed != view and changed.is_file()
    images, _ = load_split("train", "full", None, changed.parent)
    assert int(images[-1, -1, -1]) == 1
    with pytest.raises(DataUnavailable, match="not in the sandbox"):
        load_split("heldout", "full", None, changed.parent)


def test_a_directory_without_fashion_mnist_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], toy_pack: Path
) -> None:
    raw = tmp_path / "data" / "FashionMNIST" / "raw"
    raw.mkdir(parents=True)
    with pytest.raises(DataRootError, match="lacks train-images-idx3-ubyte.gz, train-labels"):
        sandbox_view(tmp_path / "data")
    for name in RAW_NAMES:
        (raw / f"{name}.gz").write_bytes(gzip.compress(b"\0\0\x08"))
    (tmp_path / "solution.py").write_text(
        "def scale(x, factor):\n    return x * factor\n", encoding="utf-8"
    )
    code = main(
        [
            "grade",
            "scale",
            str(tmp_path / "solution.py"),
            "--exercises",
            str(toy_pack),
            "--data-dir",
            str(tmp_path / "data"),
        ]
    )
    assert (
        code == 2
        and "train-images-idx3-ubyte.gz: not an IDX file of unsigned bytes"
        in capsys.readouterr().err
    )


def test_the_grading_root_reaches_the_training_helpers_only_within_the_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DLPREP_DATA", str(tmp_path / "env"))
    with training.grading_data_root(tmp_path / "option"):
        assert training.data_root() == tmp_path / "option"
        assert training.data_root(tmp_path / "explicit") == tmp_path / "explicit"
    assert training.data_root() == tmp_path / "env"


PARENT_HIDDEN = """
from pathlib import Path

from dlprep.grader import training


def test_the_parent_reads_the_held_out_images(student):
    assert student.where() == "{inside}"
    assert training.data_root() == Path("{root}")
    assert len(training.load_parent_split("heldout", "full")[1]) == 2
"""
WHERE = "import os\n\ndef where():\n    return os.environ['DLPREP_DATA']\n"


@pytest.mark.parametrize("command", ["grade", "grade-batch"])
def test_the_data_dir_reaches_the_parents_hidden_tests(
    command: str, fake_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DLPREP_DATA", raising=False)
    root = fake_root.resolve()
    inside = "/sandbox/data/root" if launcher.sandbox_mode() == BUBBLEWRAP else str(root)
    hidden = PARENT_HIDDEN.format(inside=inside, root=root)
    write_exercise(
        tmp_path / "pack",
        "where",
        "where",
        "where()",
        hidden,
        WHERE,
        "{wall_seconds: 30, call_seconds: 10, memory_mib: 512}",
    )
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "ann.py").write_text(WHERE, encoding="utf-8")
    common = ["--exercises", str(tmp_path / "pack"), "--data-dir", str(fake_root)]
    if command == "grade":
        assert main(["grade", "where", str(tmp_path / "class" / "ann.py"), *common]) == 0
    else:
        assert (
            main(
                [
                    "grade-batch",
                    "where",
                    str(tmp_path / "class"),
                    "--out",
                    str(tmp_path / "out"),
                    *common,
                ]
            )
            == 0
        )
        assert (tmp_path / "out" / "reports" / "ann.json").is_file()

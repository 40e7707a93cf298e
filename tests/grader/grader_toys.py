"""Toy exercises for the grader tests, written as real exercise folders, and process/file probes.

`scale(x, factor)` exercises every fixture and verdict; `double(x)` is the red-team target;
both have small limits so timeouts cost seconds, not minutes. `write_fashion_root` fakes a
torchvision FashionMNIST root whose held-out images carry a mark a scan can look for.
"""

from __future__ import annotations

import gzip
import os
import struct
import textwrap
from pathlib import Path

from dlprep.grader.report import Report
from dlprep.grader.sandbox_lib.dlprep_common.datafiles import FULL_TEST_SIZE

HELDOUT_MARK = b"dlprep-heldout-image!"  # only in the held-out images of write_fashion_root
IMAGE_BYTES = 28 * 28

SCALE_HIDDEN = """
import pytest
import torch

from dlprep.grader.checks import assert_close, assert_finite, assert_tensor

RAN = __import__("pathlib").Path(__file__).with_name("ran.log")


@pytest.fixture(autouse=True)
def note_that_a_test_ran():
    with RAN.open("a") as log:
        log.write("ran\\n")


@pytest.mark.points(2)
def test_values(student):
    x = torch.arange(6.0).reshape(2, 3)
    assert_close(student.scale(x, 3.0), x * 3)


def test_shape_and_dtype(student):
    x = torch.ones(4, 5, dtype=torch.float64)
    y = assert_tensor(student.scale(x, 2.0), shape=(4, 5), dtype=torch.float64)
    assert_finite(y)


def test_input_is_not_modified(student):
    x = torch.arange(4.0)
    outcome = student.call("scale", x, 2.0)
    assert_close(outcome.args[0], torch.arange(4.0), what="x after the call")


def test_gradient(student):
    x = torch.arange(3.0, requires_grad=True)
    outcome = student.call("scale", x, 5.0, backward=True)
    assert_close(outcome.grads[0], torch.full((3,), 5.0), what="the gradient")


def test_zero_factor(student):
    assert_close(student.scale(torch.ones(2), 0.0), torch.zeros(2))
"""

SCALE_REFERENCE = "def scale(x, factor):\n    return x * factor\n"

DOUBLE_HIDDEN = """
import torch

from dlprep.grader.checks import assert_close


def test_double_tensor(student):
    x = torch.arange(6.0).reshape(2, 3)
    assert_close(student.double(x), x * 2)


def test_double_is_exact(student):
    x = torch.randn(4, generator=torch.Generator().manual_seed(0))
    y = student.double(x)
    assert type(y) is torch.Tensor and torch.equal(y, x * 2)
"""

DOUBLE_REFERENCE = "def double(x):\n    return x * 2\n"


def write_exercise(
    pack: Path,
    exercise_id: str,
    entry: str,
    signature: str,
    hidden: str,
    reference: str,
    limits: str,
) -> Path:
    """A valid exercise folder `pack/exercise_id` with one hidden test file."""
    folder = pack / exercise_id
    (folder / "hidden").mkdir(parents=True)
    (folder / "exercise.yaml").write_text(
        textwrap.dedent(f"""\
        id: {exercise_id}
        title: {{en: "{exercise_id}", zh: "{exercise_id}"}}
        kind: function
        entry: {entry}
        signature: "{signature}"
        difficulty: 1
        limits: {limits}
        """),
        encoding="utf-8",
    )
    for name in ("prompt.md", "prompt.zh.md"):
        (folder / name).write_text(f"# {exercise_id}\n", encoding="utf-8")
    (folder / "starter.py").write_text(
        f"def {signature}:\n    raise NotImplementedError\n", encoding="utf-8"
    )
    (folder / "reference.py").write_text(reference, encoding="utf-8")
    (folder / "hidden" / f"test_{exercise_id}_hidden.py").write_text(hidden, encoding="utf-8")
    return folder


def write_toy_pack(pack: Path) -> Path:
    write_exercise(
        pack,
        "scale",
        "scale",
        "scale(x, factor)",
        SCALE_HIDDEN,
        SCALE_REFERENCE,
        "{wall_seconds: 8, call_seconds: 2, memory_mib: 256}",
    )
    write_exercise(
        pack,
        "double",
        "double",
        "double(x)",
        DOUBLE_HIDDEN,
        DOUBLE_REFERENCE,
        "{wall_seconds: 6, call_seconds: 2, memory_mib: 256}",
    )
    return pack


def statuses(report: Report) -> dict[str, str]:
    """Test name (without the file part) -> status."""
    return {test.name.split("::")[-1]: test.status for test in report.tests}


def outputs(report: Report) -> str:
    """Every test's output, one after the other."""
    return "\n".join(test.output for test in report.tests)


def descendants(root_pid: int) -> dict[int, int]:
    """Every live descendant of `root_pid`: pid -> real uid (zombies excluded)."""
    parents: dict[int, int] = {}
    uids: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("State", "").strip().startswith("Z"):
            continue
        parents[int(entry)] = int(fields["PPid"])
        uids[int(entry)] = int(fields["Uid"].split()[0])
    found: dict[int, int] = {}
    frontier = [root_pid]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in found:
                found[pid] = uids[pid]
                frontier.append(pid)
    return found


def write_fashion_root(root: Path, train: int = 3, heldout: int = 2, gzipped: bool = True) -> Path:
    """A world-readable torchvision-style FashionMNIST root of IDX files.

    `train` blank training images; t10k holds FULL_TEST_SIZE blank `test` images, then `heldout`
    images filled with HELDOUT_MARK (the only place it occurs).
    """
    raw = root / "FashionMNIST" / "raw"
    raw.mkdir(parents=True)
    marked = (HELDOUT_MARK * (IMAGE_BYTES // len(HELDOUT_MARK) + 1))[:IMAGE_BYTES]
    t10k = bytes(IMAGE_BYTES * FULL_TEST_SIZE) + marked * heldout
    for prefix, count, pixels in (
        ("train", train, bytes(IMAGE_BYTES * train)),
        ("t10k", FULL_TEST_SIZE + heldout, t10k),
    ):
        labels = bytes(index % 10 for index in range(count))
        _write_idx(raw / f"{prefix}-images-idx3-ubyte", 0x0803, (count, 28, 28), pixels, gzipped)
        _write_idx(raw / f"{prefix}-labels-idx1-ubyte", 0x0801, (count,), labels, gzipped)
    for path in (root, root / "FashionMNIST", raw):
        path.chmod(0o755)
    return root


def _write_idx(path: Path, magic: int, dims: tuple[int, ...], data: bytes, gzipped: bool) -> None:
    content = struct.pack(">I", magic) + b"".join(struct.pack(">I", dim) for dim in dims) + data
    if gzipped:
        path.with_name(f"{path.name}.gz").write_bytes(gzip.compress(content, compresslevel=1))
    else:
        path.write_bytes(content)

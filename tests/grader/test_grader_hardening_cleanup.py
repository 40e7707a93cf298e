"""Review r9, class 2: whatever tree a submission leaves, its cleanup never harms the next one.

A 3000-deep tree made `shutil.rmtree` raise RecursionError in the zygote, and every later row of
the batch became a grader error. `remove_tree` is iterative; the zygote survives any failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from grader_toys import DOUBLE_REFERENCE, outputs, statuses

from dlprep.grader.grading import Grader
from dlprep.grader.sandbox_lib.dlprep_common.cleanup import remove_tree
from dlprep.grader.submission import Submission

DEEP = """
import os
start = os.open(".", os.O_RDONLY)
for _ in range({depth}):
    os.mkdir("d")
    os.chdir("d")
    {extra}
os.fchdir(start)
def double(x):
    return x * 2
"""


def _deep_tree(root: Path, depth: int) -> None:
    start = os.open(".", os.O_RDONLY)
    root.mkdir()
    os.chdir(root)
    try:
        for level in range(depth):
            os.mkdir("d")
            Path(f"f{level}").write_text("x")
            os.chdir("d")
    finally:
        os.fchdir(start)
        os.close(start)


@pytest.mark.parametrize("depth", [1, 3000])
def test_remove_tree_removes_deep_trees(tmp_path: Path, depth: int) -> None:
    _deep_tree(tmp_path / "tree", depth)
    remove_tree(tmp_path / "tree")
    assert not (tmp_path / "tree").exists()


def test_remove_tree_does_not_follow_links_and_opens_locked_directories(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep").write_text("mine")
    tree = tmp_path / "tree"
    (tree / "locked" / "inner").mkdir(parents=True)
    (tree / "locked" / "inner" / "file").write_text("x")
    (tree / "link").symlink_to(outside)
    (tree / "locked" / "inner").chmod(0)
    (tree / "locked").chmod(0)
    remove_tree(tree)
    assert not tree.exists() and (outside / "keep").read_text() == "mine"


def test_remove_tree_of_a_file_and_of_nothing(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    remove_tree(tmp_path / "file")
    remove_tree(tmp_path / "missing")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "extra",
    ["pass", "open('f', 'w').write('x')", "os.symlink('/', 'root')"],
    ids=["dirs", "files", "links"],
)
def test_a_deep_tree_left_behind_does_not_affect_the_next_submission(
    grader: Grader, toy_exercise, extra: str
) -> None:  # type: ignore[no-untyped-def]
    exercise = toy_exercise("double")
    first = grader.grade(
        exercise, Submission.from_text(DEEP.format(depth=3000, extra=extra), "a.py")
    )
    assert set(statuses(first).values()) == {"passed"}, outputs(first)
    for _ in range(2):
        after = grader.grade(exercise, Submission.from_text(DOUBLE_REFERENCE, "b.py"))
        assert after.passed, outputs(after)

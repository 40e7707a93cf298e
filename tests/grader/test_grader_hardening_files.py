"""Classes 2, 3 and 4 of issue 9: the submission file and its name are input; text and CSV are targets."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from grader_toys import DOUBLE_REFERENCE

from dlprep.cli import main
from dlprep.grader.errors import InputError
from dlprep.grader.sanitize import clean_name, clean_text, csv_cell
from dlprep.grader.submission import MAX_SOURCE_BYTES, read_submission

REFERENCE = Path(__file__).resolve().parents[2] / "exercises" / "dropout_layer" / "reference.py"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[2J", "\\x1b[2J"),
        ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),
        ("ok\rFORGED", "ok\\x0dFORGED"),
        ("\x9b31m", "\\x9b31m"),  # the one-byte CSI of C1
        ("a\ud800b", "a\ufffdb"),
        ("\u202eevil", "\\u202eevil"),  # right-to-left override
        ("line\n\ttab", "line\n\ttab"),
        ("雪", "雪"),
    ],
)
def test_clean_text_escapes_what_a_terminal_would_obey(text: str, shown: str) -> None:
    assert clean_text(text) == shown
    assert clean_text(clean_text(text)) == clean_text(text)


def test_clean_text_cuts_long_text() -> None:
    assert len(clean_text("x" * 10**6, 100)) < 120


def test_file_names_in_gbk_utf8_or_garbage_become_text() -> None:
    gbk = os.fsdecode("张三.py".encode("gbk"))
    assert clean_name(gbk) == "张三.py"
    assert clean_name("张三.py") == "张三.py"
    assert "\\x1b" in clean_name("\x1b[31mred.py")
    clean_name(os.fsdecode(b"\xff\xfe\x80.py")).encode("utf-8")


@pytest.mark.parametrize("cell", ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK()"])
def test_csv_cells_that_start_a_formula_are_neutralised(cell: str) -> None:
    shown = str(csv_cell(cell))
    assert shown.startswith("'") or (shown[0] not in "=+-@\t\r" and "\r" not in shown)


def test_csv_cells_that_are_numbers_or_plain_text_are_kept() -> None:
    assert csv_cell(3) == 3 and csv_cell("alice") == "alice"


def test_a_symlink_is_not_followed(tmp_path: Path) -> None:
    link = tmp_path / "link.py"
    link.symlink_to(REFERENCE)
    with pytest.raises(InputError, match="symbolic link"):
        read_submission(link)


def test_a_huge_sparse_file_is_refused_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "sparse.py"
    with path.open("wb") as file:
        file.truncate(1_500_000_000)
    with pytest.raises(InputError, match="larger than"):
        read_submission(path)


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    path = tmp_path / "fifo.py"
    os.mkfifo(path)
    with pytest.raises(InputError, match="not a regular file"):
        read_submission(path)


def test_a_file_at_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.py"
    path.write_bytes(b"#" * (MAX_SOURCE_BYTES - 1) + b"\n")
    assert len(read_submission(path).source) == MAX_SOURCE_BYTES


def test_grade_refuses_a_link_to_the_reference(tmp_path: Path, toy_pack: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    link = tmp_path / "link.py"
    link.symlink_to(REFERENCE)
    assert main(["grade", "dropout_layer", str(link), "--json"]) == 2
    assert "symbolic link" in capsys.readouterr().err


@pytest.fixture(scope="module")
def hostile_class(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-class")
    (root / "alice.py").write_text(DOUBLE_REFERENCE)
    (root / "=1+2.py").write_text(DOUBLE_REFERENCE)
    (root / "\x1b[2Jesc.py").write_text(DOUBLE_REFERENCE)
    (root / os.fsdecode("张三.py".encode("gbk"))).write_text(DOUBLE_REFERENCE)
    (root / "linked.py").symlink_to(REFERENCE)
    (root / "bob").mkdir()
    (root / "bob" / "double.py").write_text(DOUBLE_REFERENCE)
    (root / "bob" / "notes").symlink_to("/etc/passwd")
    (root / "syntax.py").write_text("def double(x):\n    return x *\n")
    (root / "surrogate.py").write_text("def double(x):\n    raise ValueError('\\ud800\\x1b[2J')\n")
    return root


def test_grade_batch_finishes_every_row_and_neutralises_names(
    hostile_class: Path, toy_pack: Path, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    for _ in range(2):  # the rerun reads the stored reports back
        code = main(
            [
                "grade-batch",
                "double",
                str(hostile_class),
                "--out",
                str(out),
                "--exercises",
                str(toy_pack),
            ]
        )
        assert code == 1
    text = (out / "gradebook.csv").read_text("utf-8")
    assert "\x1b" not in text
    rows = {row["name"]: row for row in csv.DictReader(text.splitlines())}
    assert set(rows) == {
        "alice",
        "'=1+2",
        "\\x1b[2Jesc",
        "张三",
        "linked",
        "bob",
        "syntax",
        "surrogate",
    }
    assert rows["alice"]["passed"] == "true" and rows["张三"]["passed"] == "true"
    assert (
        "symbolic link" in rows["linked"]["problem"] and "symbolic link" in rows["bob"]["problem"]
    )
    assert rows["linked"]["score"] == "0"
    err = capsys.readouterr().err
    assert "\x1b" not in err
    for report in out.glob("*.json"):
        assert "\x1b" not in report.read_text("utf-8")

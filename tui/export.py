"""Exporting all progress from the TUI: runs `dlprep export json FILE` in its own process.

The export command belongs to the concepts CLI; the TUI only starts it (so it never imports
what the export needs) and reports how it went.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

from dlprep.paths import data_dir

EXPORT_TIMEOUT_S = 120
_MAX_MESSAGE = 500


def default_export_path(now: datetime) -> Path:
    """`<data_dir>/exports/dlprep-YYYY-MM-DD-HHMMSS.json`."""
    return data_dir() / "exports" / f"dlprep-{now.strftime('%Y-%m-%d-%H%M%S')}.json"


def export_progress(path: Path) -> str | None:
    """Run `dlprep export json path`; None when it worked, else what went wrong (one short text)."""
    command = [sys.executable, "-m", "dlprep", "export", "json", str(path)]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=EXPORT_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return str(error)[:_MAX_MESSAGE]
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        return (lines[-1] if lines else f"exit status {done.returncode}")[:_MAX_MESSAGE]
    return None

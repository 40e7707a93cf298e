"""Every concepts module imports without torch (the TUI imports them and must start fast)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import dlprep.concepts


def test_no_concepts_module_imports_torch() -> None:
    modules = sorted(
        f"dlprep.concepts.{module.name}"
        for module in pkgutil.iter_modules(dlprep.concepts.__path__)
    )
    assert {"dlprep.concepts.cli", "dlprep.concepts.session", "dlprep.concepts.store"} <= set(
        modules
    )
    code = f"import importlib, sys\nfor name in {modules!r}: importlib.import_module(name)\nprint('torch' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"

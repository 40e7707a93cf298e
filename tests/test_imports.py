"""Import hygiene: the installed package exposes only `dlprep.*`, every module of it imports,
and the command line loads no torch. (The TUI's own no-torch check, which also mounts the app
and opens Review, is tests/tui/test_tui_startup.py::test_tui_never_imports_torch.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Packages that are not modules of the app: the child library is imported inside the sandbox as
# its own roots (dlprep_child, d2l), and exercise folders are content the grader loads by path.
# `dlprep.__main__` is skipped too: importing it runs the command (tests/tui/test_tui_startup.py).
SKIPPED = ("dlprep.grader.sandbox_lib",)


def run_python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`code` in a fresh interpreter started in `cwd` (outside the repo: no source-tree imports)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.parametrize("name", ["grader", "tui", "concepts", "exercises"])
def test_no_generic_top_level_package_is_installed(name: str, tmp_path: Path) -> None:
    result = run_python(f"import {name}", tmp_path)
    assert result.returncode != 0 and "ModuleNotFoundError" in result.stderr, (
        f"`import {name}` works outside the repo: a generic top-level name leaked into site-packages"
    )


def test_every_dlprep_module_imports(tmp_path: Path) -> None:
    code = f"""
import importlib, pkgutil, dlprep
skipped = {SKIPPED!r}
names, failed = [], []
for info in pkgutil.walk_packages(dlprep.__path__, "dlprep.", onerror=failed.append):
    if info.name.startswith(skipped) or info.name.endswith(".__main__"):
        continue
    names.append(info.name)
    try:
        importlib.import_module(info.name)
    except Exception as error:
        failed.append(f"{{info.name}}: {{type(error).__name__}}: {{error}}")
print(len(names))
print("\\n".join(map(str, failed)))
"""
    result = run_python(code, tmp_path)
    assert result.returncode == 0, result.stderr
    count, *failures = result.stdout.splitlines()
    assert [line for line in failures if line] == []
    assert int(count) > 60, "the walk should reach every area's modules"


def test_the_command_line_parser_loads_no_torch(tmp_path: Path) -> None:
    code = "import sys\nfrom dlprep.cli import build_parser\nbuild_parser()\nprint('torch' in sys.modules)"
    result = run_python(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False", "a subcommand module imports torch at import time"

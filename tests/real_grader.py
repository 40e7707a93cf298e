"""How tests start the real grader (worker, `dlprep submit`) from this checkout.

In a fresh `make install` venv torch sits in the venv's own site-packages, which the sandbox
mounts: the test interpreter itself is right. In a worktree venv that borrows torch from
another venv through a .pth file, the sandbox cannot see it; then the grader runs under the
interpreter whose site-packages hold torch, with this checkout first on PYTHONPATH.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import sysconfig
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def grader_python() -> str:
    """An interpreter whose own site-packages hold torch (this one, normally)."""
    spec = importlib.util.find_spec("torch")
    if spec is None or spec.origin is None:
        return sys.executable
    torch_site = Path(spec.origin).resolve().parents[1]
    own = {Path(sysconfig.get_paths()[key]).resolve() for key in ("purelib", "platlib")}
    if torch_site in own:
        return sys.executable
    candidate = torch_site.parents[2] / "bin" / "python"  # <venv>/lib/pythonX.Y/site-packages
    return str(candidate) if candidate.exists() else sys.executable


def grader_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """`base` (os.environ) with DLPREP_GRADER_PYTHON set and this checkout importable."""
    env = dict(os.environ if base is None else base)
    env["DLPREP_GRADER_PYTHON"] = grader_python()
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def worker_command() -> list[str]:
    """argv of the real grader worker for `DlprepApp(worker_command=...)`."""
    return [grader_python(), "-m", "dlprep.grader.worker"]

"""Suite-wide fixtures: every test runs with its own dlprep data directory."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# Unit tests of the child library import its modules from the source tree; inside the sandbox
# they import each other by their own roots (dlprep_child, dlprep_common, d2l), so those roots
# must resolve here too.
SANDBOX_LIB = Path(__file__).resolve().parents[1] / "grader" / "sandbox_lib"
if str(SANDBOX_LIB) not in sys.path:
    sys.path.append(str(SANDBOX_LIB))


@pytest.fixture(autouse=True)
def isolated_dlprep_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point DLPREP_HOME at a fresh directory so no test touches the user's real store."""
    home = tmp_path_factory.mktemp("dlprep-home")
    monkeypatch.setenv("DLPREP_HOME", str(home))
    return home

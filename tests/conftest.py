"""Suite-wide fixtures: every test runs with its own dlprep data directory."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_dlprep_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point DLPREP_HOME at a fresh directory so no test touches the user's real store."""
    home = tmp_path_factory.mktemp("dlprep-home")
    monkeypatch.setenv("DLPREP_HOME", str(home))
    return home

"""Where dlprep keeps its files: $DLPREP_HOME, else the platform's user data and cache directories."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

HOME_VARIABLE = "DLPREP_HOME"
DATABASE_NAME = "dlprep.sqlite3"


def data_dir() -> Path:
    """$DLPREP_HOME if set, else platformdirs.user_data_dir("dlprep"). Not created here."""
    override = os.environ.get(HOME_VARIABLE)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir("dlprep", appauthor=False))


def cache_dir() -> Path:
    """Rebuildable files (uncompressed datasets, sandbox data views): $DLPREP_HOME/cache if set,
    else platformdirs.user_cache_dir("dlprep"). Not created here."""
    override = os.environ.get(HOME_VARIABLE)
    if override:
        return Path(override).expanduser() / "cache"
    return Path(platformdirs.user_cache_dir("dlprep", appauthor=False))


def database_path() -> Path:
    """The SQLite file holding progress, the review log and settings."""
    return data_dir() / DATABASE_NAME

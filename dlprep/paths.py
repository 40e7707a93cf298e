"""Where dlprep keeps its files: $DLPREP_HOME, else the platform's user data and cache directories."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from dlprep.env import HOME_ENV, env_path

DATABASE_NAME = "dlprep.sqlite3"


def data_dir() -> Path:
    """$DLPREP_HOME if set, else platformdirs.user_data_dir("dlprep"). Not created here."""
    override = env_path(HOME_ENV)
    if override is not None:
        return override
    return Path(platformdirs.user_data_dir("dlprep", appauthor=False))


def cache_dir() -> Path:
    """Rebuildable files (uncompressed datasets, sandbox data views): $DLPREP_HOME/cache if set,
    else platformdirs.user_cache_dir("dlprep"). Not created here."""
    override = env_path(HOME_ENV)
    if override is not None:
        return override / "cache"
    return Path(platformdirs.user_cache_dir("dlprep", appauthor=False))


def database_path() -> Path:
    """The SQLite file holding progress, the review log and settings."""
    return data_dir() / DATABASE_NAME

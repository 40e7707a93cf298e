"""Where dlprep keeps its files: $DLPREP_HOME, else the platform's user data and cache directories."""

from __future__ import annotations

import os
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


# The learner's own decks and an instructor's course packs, studied beside the built-in decks.
# (Environment variable names live here until dlprep/env.py exists.)
DECKS_VARIABLE = "DLPREP_DECKS"
"""Deck files or directories, several joined with ":" (os.pathsep)."""
PACKS_VARIABLE = "DLPREP_PACKS"
"""Course pack directories (each with `decks/` and `exercises/`), joined with ":" (os.pathsep)."""
USER_DECKS_DIR_NAME = "decks"


def user_decks_dir() -> Path:
    """`<data_dir>/decks/`: the learner's own decks, loaded whenever the directory exists."""
    return data_dir() / USER_DECKS_DIR_NAME


def paths_from_env(variable: str) -> list[Path]:
    """The paths in environment variable `variable`, split on os.pathsep (empty parts skipped)."""
    return [
        Path(part).expanduser() for part in os.environ.get(variable, "").split(os.pathsep) if part
    ]

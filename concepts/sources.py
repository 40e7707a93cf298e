"""Where the study material comes from: built-in decks, the learner's own decks, course packs.

Decks load in this order: the built-in ones, `<DLPREP_HOME>/decks/` (when it exists), the
paths in `DLPREP_DECKS` and `--decks DIR`, then each course pack's `decks/`. A course pack
(`--pack DIR`, `DLPREP_PACKS`) is one directory with `decks/` and `exercises/`; its exercise
folder is handed to the exercise registry as an extra directory. Card ids are what progress is
keyed by, so editing a card's text in any of these files keeps its progress.

The TUI and the deck commands (`dlprep cards ...`, `dlprep stats`) read the same sources, so a
learner's own deck is listed, checked and counted where it is studied (`source_options`,
`deck_paths_of`).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dlprep.concepts.decks import builtin_decks_dir
from dlprep.paths import DECKS_VARIABLE, PACKS_VARIABLE, paths_from_env, user_decks_dir

PACK_DECKS, PACK_EXERCISES = "decks", "exercises"


@dataclass(frozen=True)
class StudySources:
    """The deck paths to load and the extra exercise directories (from course packs)."""

    deck_paths: list[Path] = field(default_factory=list)
    exercise_dirs: list[Path] = field(default_factory=list)


def study_sources(decks: Sequence[Path] = (), packs: Sequence[Path] = ()) -> StudySources:
    """Built-in decks, the learner's, `DLPREP_DECKS` and `decks`, then every pack's (env, then `packs`).

    A pack without `decks/` or `exercises/` contributes what it has; a pack that is not a
    directory is passed on as a deck path, so the loader reports it ("no such file or directory").
    """
    deck_paths = [builtin_decks_dir()]
    if user_decks_dir().is_dir():
        deck_paths.append(user_decks_dir())
    deck_paths += paths_from_env(DECKS_VARIABLE) + [Path(path) for path in decks]
    exercise_dirs: list[Path] = []
    for pack in paths_from_env(PACKS_VARIABLE) + [Path(path) for path in packs]:
        if not pack.is_dir():
            deck_paths.append(pack)
            continue
        if (pack / PACK_DECKS).is_dir():
            deck_paths.append(pack / PACK_DECKS)
        if (pack / PACK_EXERCISES).is_dir():
            exercise_dirs.append(pack / PACK_EXERCISES)
    return StudySources(deck_paths, exercise_dirs)


def add_source_options(parser: argparse.ArgumentParser) -> None:
    """--decks and --pack (also read from DLPREP_DECKS and DLPREP_PACKS), on `parser`.

    Absent options leave the namespace alone (SUPPRESS), so `dlprep --decks D cards list` and
    `dlprep cards list --decks D` both work.
    """
    parser.add_argument(
        "--decks",
        type=Path,
        action="append",
        default=argparse.SUPPRESS,
        metavar="DIR",
        help="also study the decks in DIR (a deck file or a directory of them; repeatable)",
    )
    parser.add_argument(
        "--pack",
        type=Path,
        action="append",
        default=argparse.SUPPRESS,
        metavar="DIR",
        help="also study a course pack: DIR/decks and DIR/exercises (repeatable)",
    )


def sources_of(args: argparse.Namespace) -> StudySources:
    """The study sources named by parsed `--decks` / `--pack` options (and the environment)."""
    return study_sources(getattr(args, "decks", []), getattr(args, "pack", []))


def deck_paths_of(args: argparse.Namespace, paths: Sequence[Path] = ()) -> list[Path]:
    """The decks a deck command reads: the explicit `paths` if any (they replace every source),
    else the ones the TUI studies (`sources_of(args)`)."""
    return list(paths) if paths else sources_of(args).deck_paths

"""Loading deck files: finding them, reading them as UTF-8, validating them, checking ids across files.

A deck with any problem is skipped whole and the others still load; every problem names the
file, the line and the field (see `validate.DeckProblem`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dlprep.concepts.model import Deck
from dlprep.concepts.node_checker import DeckProblem
from dlprep.concepts.validate import read_deck

__all__ = ["DeckLoadResult", "DeckProblem", "builtin_decks_dir", "deck_files", "load_decks"]

DECK_SUFFIXES = (".yaml", ".yml")


def builtin_decks_dir() -> Path:
    """The directory of the decks that ship with dlprep."""
    return Path(__file__).resolve().parent / "decks"


@dataclass
class DeckLoadResult:
    """The decks that loaded, every problem found, and the files skipped because of them."""

    decks: list[Deck] = field(default_factory=list)
    problems: list[DeckProblem] = field(default_factory=list)
    skipped: dict[Path, list[DeckProblem]] = field(default_factory=dict)

    def add_problems(self, path: Path, problems: list[DeckProblem], *, skip: bool = True) -> None:
        self.problems.extend(problems)
        if skip:
            self.skipped.setdefault(path, []).extend(problems)


def load_decks(paths: Sequence[Path] | None = None) -> DeckLoadResult:
    """Load deck files and directories (every *.yaml / *.yml inside); None loads the built-in decks.

    Duplicate deck or card ids across files are reported against the later file, which is skipped.
    """
    result = DeckLoadResult()
    card_origins: dict[str, Path] = {}
    deck_origins: dict[str, Path] = {}
    for path in _unique(deck_files(paths, result)):
        deck, problems = _read_file(path)
        if deck is not None:
            problems = _cross_file_problems(deck, deck_origins, card_origins)
        if problems:
            result.add_problems(path, problems)
            continue
        assert deck is not None
        deck_origins[deck.id] = path
        card_origins.update((card.id, path) for card in deck.cards)
        result.decks.append(deck)
    return result


def deck_files(paths: Sequence[Path] | None, result: DeckLoadResult) -> Iterator[Path]:
    """The deck files named by `paths`, in order; a missing path or an empty directory is a problem."""
    for path in [builtin_decks_dir()] if paths is None else paths:
        path = Path(path)
        if path.is_dir():
            files = sorted(
                child
                for child in path.iterdir()
                if child.suffix in DECK_SUFFIXES and child.is_file()
            )
            if not files:
                message = f"no deck files ({', '.join('*' + suffix for suffix in DECK_SUFFIXES)}) in this directory"
                result.add_problems(path, [DeckProblem(path, None, "path", message)], skip=False)
            yield from files
        elif path.exists():
            yield path
        else:
            result.add_problems(
                path, [DeckProblem(path, None, "path", "no such file or directory")]
            )


def _unique(paths: Iterator[Path]) -> Iterator[Path]:
    seen: set[Path] = set()
    for path in paths:
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            yield path


def _read_file(path: Path) -> tuple[Deck | None, list[DeckProblem]]:
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [DeckProblem(path, None, "file", f"cannot read: {error.strerror or error}")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start : error.start + 1].hex()
        return None, [
            DeckProblem(path, line, "encoding", f"not UTF-8: byte 0x{byte} cannot be decoded")
        ]
    return read_deck(path, text)


def _cross_file_problems(
    deck: Deck, deck_origins: dict[str, Path], card_origins: dict[str, Path]
) -> list[DeckProblem]:
    problems: list[DeckProblem] = []
    if deck.id in deck_origins:
        message = f"duplicate deck id {deck.id!r} (already used by {deck_origins[deck.id]})"
        problems.append(DeckProblem(deck.path, deck.line, "deck.id", message))
    for index, card in enumerate(deck.cards):
        if card.id in card_origins:
            message = f"duplicate id {card.id!r} (already used in {card_origins[card.id]})"
            problems.append(DeckProblem(deck.path, card.line, f"cards[{index}].id", message))
    return problems

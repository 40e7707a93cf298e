"""The list of decks that could not be loaded, with every problem as file:line: field: message."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from textual.content import Content
from textual.widgets import Static

from dlprep.concepts.decks import DeckProblem
from dlprep.tui.labels import label


def display_path(path: Path) -> str:
    """`path` relative to the working directory when it lies inside it, otherwise as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def describe_problem(problem: DeckProblem) -> str:
    """One problem as "file:line: field: message" (the line is left out when unknown)."""
    where = display_path(problem.path)
    if problem.line is not None:
        where = f"{where}:{problem.line}"
    return f"{where}: {problem.field}: {problem.message}"


class SkippedDecks(Static):
    """Hidden when every deck loaded; otherwise a heading and one line per problem."""

    def show(self, skipped: Mapping[Path, Sequence[DeckProblem]], language: str) -> None:
        """Display the skipped decks and why; hide the widget when there are none."""
        self.display = bool(skipped)
        parts: list[str | tuple[str, str]] = [(label("skipped", language), "bold")]
        for path, problems in skipped.items():
            parts.append(f"\n• {display_path(path)}")
            parts.extend(f"\n    {describe_problem(problem)}" for problem in problems)
        self.update(Content.assemble(*parts))

"""The README's promises stay true: its deck table matches the built-in decks."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from dlprep.concepts.decks import load_decks

README = Path(__file__).resolve().parents[1] / "README.md"
ROW = re.compile(
    r"^\| `(?P<deck>[a-z0-9-]+)` — .* \| (?P<cards>\d+) \| (?P<basic>\d+) \| (?P<cloze>\d+) \| "
    r"(?P<choice>\d+) \| (?P<shape>\d+) \|$"
)


def readme_deck_rows() -> dict[str, dict[str, int]]:
    rows = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            counts = match.groupdict()
            deck = counts.pop("deck")
            rows[deck] = {name: int(value) for name, value in counts.items()}
    return rows


def test_readme_deck_table_matches_the_built_in_decks() -> None:
    actual = {}
    for deck in load_decks().decks:
        types = Counter(card.type for card in deck.cards)
        actual[deck.id] = {
            "cards": len(deck.cards),
            **{kind: types[kind] for kind in ("basic", "cloze", "choice", "shape")},
        }
    assert readme_deck_rows() == actual


def test_readme_names_the_two_setup_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert "make run" in text and "make test" in text


EXERCISE_ROW = re.compile(
    r"^\| `(?P<id>\w+)` \| (?P<kind>function|class|training) \| (?P<difficulty>\d) \| "
    r"(?P<title>.+) \|$"
)


def test_readme_exercise_table_matches_the_built_in_exercises() -> None:
    from dlprep.exercises.registry import builtin_dir, load_pack

    rows = [
        match.groupdict()
        for line in README.read_text(encoding="utf-8").splitlines()
        if (match := EXERCISE_ROW.match(line))
    ]
    exercises, _ = load_pack(builtin_dir())
    assert rows == [
        {
            "id": exercise.id,
            "kind": exercise.kind,
            "difficulty": str(exercise.difficulty),
            "title": f"{exercise.title.en} · {exercise.title.zh}",
        }
        for exercise in exercises
    ]

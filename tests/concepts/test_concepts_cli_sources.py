"""`dlprep cards ...`, `dlprep stats` and `dlprep export anki` read the decks the TUI studies:
the learner's own (`<DLPREP_HOME>/decks/`), `--decks`, `DLPREP_DECKS`, `--pack`, `DLPREP_PACKS`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from concepts_support import basic_card, deck_yaml

from dlprep.cli import main
from dlprep.concepts.decks import load_decks
from dlprep.concepts.session import Rating, StudySession
from dlprep.concepts.sources import study_sources
from dlprep.concepts.store import Store


def write(path: Path, deck_id: str, *card_ids: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(deck_yaml(deck_id, [basic_card(i) for i in card_ids]), "utf-8")
    return path


def listed_ids(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    assert main(["cards", "list", "--json", *argv]) == 0
    return [card["id"] for card in json.loads(capsys.readouterr().out)]


def stats(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    assert main(["stats", "--json", *argv]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert isinstance(figures, dict)
    return figures


def test_own_deck_is_listed_checked_and_counted(
    capsys: pytest.CaptureFixture[str], isolated_dlprep_home: Path
) -> None:
    builtin_cards = stats(capsys)["cards"]
    assert isinstance(builtin_cards, int)
    write(isolated_dlprep_home / "decks" / "mine.yaml", "mine", "mine-1", "mine-2")
    assert listed_ids(capsys, "--deck", "mine") == ["mine-1", "mine-2"]
    assert stats(capsys)["cards"] == builtin_cards + 2
    assert main(["cards", "check"]) == 0
    assert "deck(s) valid" in capsys.readouterr().out


def test_own_deck_progress_counts_in_stats(
    capsys: pytest.CaptureFixture[str], isolated_dlprep_home: Path
) -> None:
    write(isolated_dlprep_home / "decks" / "mine.yaml", "mine", "mine-1")
    decks = load_decks(study_sources().deck_paths).decks
    with Store.open() as store:
        session = StudySession(store, decks, store.load_settings())
        card = next(card for deck in decks if deck.id == "mine" for card in deck.cards)
        session.rate(card, Rating.Good, 5.0)
    figures = stats(capsys)
    assert figures["reviews_today"] == 1 and figures["total_reviews"] == 1


def test_decks_option_env_and_pack(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "opt" / "o.yaml", "opt", "opt-1")
    write(tmp_path / "env" / "e.yaml", "env", "env-1")
    write(tmp_path / "pack" / "decks" / "p.yaml", "pack", "pack-1")
    write(tmp_path / "envpack" / "decks" / "q.yaml", "envpack", "envpack-1")
    monkeypatch.setenv("DLPREP_DECKS", str(tmp_path / "env"))
    monkeypatch.setenv("DLPREP_PACKS", str(tmp_path / "envpack"))
    ids = listed_ids(capsys, "--decks", str(tmp_path / "opt"), "--pack", str(tmp_path / "pack"))
    assert ids[-4:] == ["env-1", "opt-1", "envpack-1", "pack-1"], "the order the TUI loads them"
    assert main(["--decks", str(tmp_path / "opt"), "cards", "list", "--json", "--deck", "opt"]) == 0
    assert [card["id"] for card in json.loads(capsys.readouterr().out)] == ["opt-1"]


def test_explicit_paths_replace_every_source(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, isolated_dlprep_home: Path
) -> None:
    write(isolated_dlprep_home / "decks" / "mine.yaml", "mine", "mine-1")
    only = write(tmp_path / "only.yaml", "only", "only-1")
    assert listed_ids(capsys, str(only)) == ["only-1"]
    assert stats(capsys, str(only))["cards"] == 1


def test_own_deck_can_be_unsuspended_and_exported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, isolated_dlprep_home: Path
) -> None:
    write(isolated_dlprep_home / "decks" / "mine.yaml", "mine", "mine-1")
    decks = load_decks(study_sources().deck_paths).decks
    with Store.open() as store:
        session = StudySession(store, decks, store.load_settings())
        session.suspend(next(card for deck in decks if deck.id == "mine" for card in deck.cards))
    assert main(["cards", "suspended", "--json"]) == 0
    assert [card["id"] for card in json.loads(capsys.readouterr().out)] == ["mine-1"]
    assert main(["cards", "unsuspend", "mine-1"]) == 0
    assert "back in study" in capsys.readouterr().out


def test_own_deck_exports_to_anki(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, isolated_dlprep_home: Path
) -> None:
    write(isolated_dlprep_home / "decks" / "mine.yaml", "mine", "mine-1", "mine-2")
    out = tmp_path / "mine.apkg"
    assert main(["export", "anki", str(out), "--deck", "mine"]) == 0
    assert "1 deck(s), 2 note(s)" in capsys.readouterr().out and out.stat().st_size > 0

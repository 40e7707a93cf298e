"""Own decks and course packs: where decks are found, and progress surviving a text edit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from concepts_support import basic_card, deck_yaml
from fixed_clock import Clock

from dlprep.concepts.decks import builtin_decks_dir, load_decks
from dlprep.concepts.session import Rating, StudySession
from dlprep.concepts.sources import study_sources
from dlprep.concepts.store import Store


def write(path: Path, deck_id: str, *card_ids: str, **overrides: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(deck_yaml(deck_id, [basic_card(i, **overrides) for i in card_ids]), "utf-8")
    return path


def test_builtin_only_by_default() -> None:
    sources = study_sources()
    assert sources.deck_paths == [builtin_decks_dir()] and sources.exercise_dirs == []


def test_own_env_option_and_pack_decks_load_beside_the_builtin_ones(
    tmp_path: Path, isolated_dlprep_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(isolated_dlprep_home / "decks" / "mine.yaml", "mine", "m1")
    write(tmp_path / "env1" / "e.yaml", "env-one", "e1")
    write(tmp_path / "env2.yaml", "env-two", "e2")
    write(tmp_path / "opt" / "o.yaml", "opt", "o1")
    write(tmp_path / "pack" / "decks" / "p.yaml", "pack", "p1")
    (tmp_path / "pack" / "exercises").mkdir()
    monkeypatch.setenv(
        "DLPREP_DECKS", os.pathsep.join([str(tmp_path / "env1"), str(tmp_path / "env2.yaml")])
    )
    monkeypatch.setenv("DLPREP_PACKS", "")
    sources = study_sources([tmp_path / "opt"], [tmp_path / "pack"])
    assert sources.exercise_dirs == [tmp_path / "pack" / "exercises"]
    result = load_decks(sources.deck_paths)
    ids = [deck.id for deck in result.decks]
    assert ids[-5:] == ["mine", "env-one", "env-two", "opt", "pack"]
    assert len(ids) > 5 and not result.problems


def test_packs_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "course" / "decks" / "c.yaml", "course", "c1")
    (tmp_path / "course" / "exercises").mkdir()
    monkeypatch.setenv("DLPREP_PACKS", str(tmp_path / "course"))
    sources = study_sources()
    assert sources.deck_paths[-1] == tmp_path / "course" / "decks"
    assert sources.exercise_dirs == [tmp_path / "course" / "exercises"]


def test_a_bad_own_deck_is_skipped_with_its_reason_and_the_rest_load(
    isolated_dlprep_home: Path,
) -> None:
    (isolated_dlprep_home / "decks").mkdir()
    (isolated_dlprep_home / "decks" / "bad.yaml").write_text("deck: [", "utf-8")
    write(isolated_dlprep_home / "decks" / "good.yaml", "good", "g1")
    result = load_decks(study_sources().deck_paths)
    assert "good" in [deck.id for deck in result.decks]
    [(path, problems)] = result.skipped.items()
    assert path.name == "bad.yaml" and "invalid YAML" in str(problems[0])


def test_editing_a_cards_text_keeps_its_progress(tmp_path: Path, clock: Clock) -> None:
    path = write(tmp_path / "mine.yaml", "mine", "m1")
    with Store.open(tmp_path / "store.sqlite3") as store:
        decks = load_decks([path]).decks
        session = StudySession(store, decks, store.load_settings(), now=clock)
        card = session.next_card()
        assert card is not None
        session.rate(card, Rating.Easy, 1.0)
        write(path, "mine", "m1", front={"en": "Reworded?", "zh": "改写了？"})
        edited = load_decks([path]).decks
        again = StudySession(store, edited, store.load_settings(), now=clock)
        card = again.study_cards()["m1"]
        assert card.front.en == "Reworded?"
        assert again.fsrs_state(card) is not None

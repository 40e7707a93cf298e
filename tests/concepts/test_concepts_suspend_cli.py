"""`dlprep cards suspended` and `dlprep cards unsuspend ID`: list suspended cards, bring one back."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from concepts_support import basic_card, deck_yaml

from dlprep.cli import main
from dlprep.concepts.decks import load_decks
from dlprep.concepts.session import StudySession
from dlprep.concepts.settings import Settings
from dlprep.concepts.store import Store
from dlprep.paths import database_path


@pytest.fixture
def deck_path(write_deck) -> Path:
    return write_deck("good.yaml", deck_yaml("good", [basic_card(f"g{i}") for i in range(1, 4)]))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def suspend_two(deck_path: Path) -> None:
    """g1 becomes a leech (suspended automatically, 8 lapses); g2 is suspended by hand."""
    decks = load_decks([deck_path]).decks
    with Store.open() as store:
        session = StudySession(store, decks, Settings())
        record = store.card_record("g1")
        store.save_card(replace(record, lapses=8, leech=True, suspended=True))
        session.suspend(next(card for card in decks[0].cards if card.id == "g2"))


def test_suspended_lists_deck_reason_and_lapses(capsys, deck_path: Path) -> None:
    suspend_two(deck_path)
    code, out, err = run(capsys, "cards", "suspended", "--json", str(deck_path))
    assert (code, err) == (0, "")
    listed = [
        (card["deck"], card["id"], card["reason"], card["lapses"]) for card in json.loads(out)
    ]
    assert listed == [("good", "g1", "leech", 8), ("good", "g2", "suspended", 0)]
    code, out, _ = run(capsys, "cards", "suspended", str(deck_path))
    assert code == 0 and "2 suspended cards" in out and "leech" in out


def test_suspended_of_a_new_learner_is_empty_and_creates_nothing(capsys, deck_path: Path) -> None:
    code, out, _ = run(capsys, "cards", "suspended", "--json", str(deck_path))
    assert (code, json.loads(out)) == (0, [])
    assert not database_path().exists()


def test_unsuspend_puts_a_leech_back_into_study(capsys, deck_path: Path) -> None:
    suspend_two(deck_path)
    code, out, _ = run(capsys, "cards", "unsuspend", "g1", str(deck_path))
    assert code == 0 and "g1 is back in study (it keeps its leech tag)" in out
    _, out, _ = run(capsys, "cards", "suspended", "--json", str(deck_path))
    assert [card["id"] for card in json.loads(out)] == ["g2"]
    decks = load_decks([deck_path]).decks
    with Store.open() as store:
        session = StudySession(store, decks, Settings())
        g1 = next(card for card in decks[0].cards if card.id == "g1")
        assert not session.is_suspended(g1) and session.is_leech(g1)


def test_unsuspend_of_a_card_that_is_not_suspended_changes_nothing(capsys, deck_path) -> None:
    code, out, _ = run(capsys, "cards", "unsuspend", "g3", str(deck_path))
    assert code == 0 and "g3 is not suspended; nothing changed" in out


def test_unsuspend_of_an_unknown_card_is_a_usage_error(capsys, deck_path: Path) -> None:
    code, _, err = run(capsys, "cards", "unsuspend", "nope", str(deck_path))
    assert code == 2 and "no card with id 'nope'" in err


def test_a_missing_path_is_a_usage_error(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "cards", "suspended", str(tmp_path / "missing.yaml"))
    assert code == 2 and "no such file or directory" in err

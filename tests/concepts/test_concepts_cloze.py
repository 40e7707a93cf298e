"""Cloze cards per deletion: ids, context, own schedules, siblings buried, and the store migration."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from concepts_support import basic_card, deck_yaml
from conftest import MakeSession, WriteDeck
from fixed_clock import Clock

from dlprep.concepts import migrations
from dlprep.concepts.cloze import cloze_card_id, expand, note_id, study_cards
from dlprep.concepts.decks import load_decks
from dlprep.concepts.model import Deck
from dlprep.concepts.session import Rating, StudySession
from dlprep.concepts.store import Store

TWO_DELETIONS = {
    "en": "Output size: {{c1::(n - k)/s + 1::formula}} for input {{c2::n}}",
    "zh": "输出尺寸：{{c1::(n - k)/s + 1::公式}}，输入为 {{c2::n}}",
}


@pytest.fixture
def cloze_decks(write_deck: WriteDeck) -> list[Deck]:
    card = basic_card("conv-size", type="cloze", front=TWO_DELETIONS)
    path = write_deck("cloze.yaml", deck_yaml("cloze", [card, basic_card("plain")]))
    result = load_decks([path])
    assert not result.problems, result.problems
    return result.decks


def test_a_cloze_card_yields_one_study_card_per_deletion(cloze_decks: list[Deck]) -> None:
    cards = study_cards(cloze_decks[0].cards)
    assert [card.id for card in cards] == ["conv-size::c1", "conv-size::c2", "plain"]
    assert [note_id(card.id) for card in cards] == ["conv-size", "conv-size", "plain"]
    assert expand(cards[0]) == (cards[0],)


def test_each_deletion_hides_only_itself_and_shows_the_others(cloze_decks: list[Deck]) -> None:
    first, second, _ = study_cards(cloze_decks[0].cards)
    assert first.front_markdown("en") == "Output size: [formula] for input n"
    assert second.front_markdown("zh") == "输出尺寸：(n - k)/s + 1，输入为 [...]"
    assert second.back_markdown("en").startswith("Output size: (n - k)/s + 1 for input **n**")


def test_each_deletion_has_its_own_schedule_and_siblings_wait_a_day(
    make_session: MakeSession, cloze_decks: list[Deck], clock: Clock
) -> None:
    session = make_session(cloze_decks)
    first = session.next_card()
    assert first is not None and first.id == "conv-size::c1"
    session.rate(first, Rating.Easy, 1.0)
    after = session.next_card()
    assert after is not None and after.id == "plain", "the c2 sibling is buried for today"
    assert session.fsrs_state(session.study_cards()["conv-size::c2"]) is None
    session.undo()
    assert session.next_card() == first, "undo unburies the sibling"


def test_a_sibling_is_back_the_next_day(
    make_session: MakeSession, cloze_decks: list[Deck], clock: Clock
) -> None:
    session = make_session(cloze_decks)
    first = session.next_card()
    assert first is not None
    session.rate(first, Rating.Easy, 1.0)
    clock.advance(timedelta(days=1))
    ids = []
    while (card := session.next_card()) is not None and card.id not in ids:
        ids.append(card.id)
        session.rate(card, Rating.Easy, 1.0)
    assert "conv-size::c2" in ids


def open_at_schema_1(path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """A store at today's released schema (1), before cloze cards were split."""
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
    store = Store.open(path)
    monkeypatch.undo()
    return store


def test_the_migration_moves_a_cloze_cards_progress_to_its_c1_card(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: Clock
) -> None:
    """Real data: built-in decks reviewed on schema 1 (cloze cards under their deck id)."""
    decks = load_decks().decks
    cloze = next(card for deck in decks for card in deck.cards if card.type == "cloze")
    basic = next(card for deck in decks for card in deck.cards if card.type == "basic")
    path = tmp_path / "dlprep.sqlite3"
    old = open_at_schema_1(path, monkeypatch)
    legacy = StudySession(old, decks, old.load_settings(), now=clock)
    legacy._cards[cloze.id] = cloze  # as schema-1 dlprep studied it: the whole card
    for card in (cloze, basic):
        legacy.rate(card, Rating.Again, 2.0)
    old.close()

    with Store.open(path) as store:
        records = store.card_records()
        assert cloze.id not in records
        assert records[cloze_card_id(cloze.id, 1)].fsrs_card is not None
        assert basic.id in records
        entry = store.last_review({cloze_card_id(cloze.id, 1)})
        assert entry is not None and entry.rating == Rating.Again
        session = StudySession(store, decks, store.load_settings(), now=clock)
        moved = session.study_cards()[cloze_card_id(cloze.id, 1)]
        assert session.fsrs_state(moved) is not None
    with sqlite3.connect(path) as connection:
        version = connection.execute("SELECT version FROM schema_version").fetchone()[0]
    assert version == migrations.latest_version()


def test_the_migration_leaves_existing_c1_progress_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    decks = load_decks().decks
    cloze = next(card for deck in decks for card in deck.cards if card.type == "cloze")
    path = tmp_path / "dlprep.sqlite3"
    open_at_schema_1(path, monkeypatch).close()
    with sqlite3.connect(path) as connection:
        for card_id, lapses in ((cloze.id, 1), (cloze_card_id(cloze.id, 1), 5)):
            connection.execute(
                "INSERT INTO card_state (card_id, lapses) VALUES (?, ?)", (card_id, lapses)
            )
    with Store.open(path) as store:
        assert store.card_record(cloze_card_id(cloze.id, 1)).lapses == 5

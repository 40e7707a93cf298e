"""The card browser's search and card actions: states, query terms, unbury, forget, clear leech."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from conftest import MakeSession
from fixed_clock import Clock

from dlprep.concepts.browse import card_states, matches, parse_query, search
from dlprep.concepts.records import CardRecord
from dlprep.concepts.session import Rating


def test_parse_query_splits_words_and_terms() -> None:
    query = parse_query("Adam  tag:Optim deck:alpha is:leech is:zombie")
    assert query.words == ("adam",)
    assert query.tags == ("optim",) and query.decks == ("alpha",)
    assert query.states == ("leech", "zombie")
    assert query.problems and "is:zombie" in query.problems[0]


def test_states_of_new_learning_review_and_flags(make_session: MakeSession, clock: Clock) -> None:
    session = make_session()
    card = session.next_card()
    assert card is not None
    assert card_states(session.record(card), clock()) == ("new",)
    session.rate(card, Rating.Again, 1.0)
    assert card_states(session.record(card), clock()) == ("learning",)
    session.bury(card)
    session.suspend(card)
    record = replace(session.record(card), leech=True)
    assert card_states(record, clock()) == ("learning", "suspended", "buried", "leech")
    clock.advance(timedelta(days=1))
    assert "buried" not in card_states(record, clock())


def test_search_matches_text_in_either_language_tags_decks_and_states(
    make_session: MakeSession, clock: Clock
) -> None:
    session = make_session()
    cards = list(session.study_cards().values())
    records: dict[str, CardRecord] = {}
    assert [c.id for c in search(cards, records, parse_query("问题 a2"), clock())] == ["a2"]
    assert [c.id for c in search(cards, records, parse_query("deck:beta"), clock())] == ["b1", "b2"]
    assert len(search(cards, records, parse_query("tag:sgd is:new"), clock())) == 5
    assert search(cards, records, parse_query("is:review"), clock()) == []
    assert not matches(cards[0], CardRecord(cards[0].id), parse_query("tag:adam"), clock())


def test_unbury_forget_and_clear_leech(make_session: MakeSession, clock: Clock) -> None:
    session = make_session()
    card = session.next_card()
    assert card is not None
    session.rate(card, Rating.Good, 1.0)
    session.bury(card)
    session.unbury(card)
    assert session.record(card).buried_until is None
    session.store.save_card(replace(session.record(card), leech=True, lapses=3))
    session.clear_leech(card)
    assert not session.record(card).leech and session.record(card).lapses == 3
    session.forget(card)
    assert session.record(card).fsrs_card is None
    assert len(session.store.reviews_of(card.id)) == 1, "the log is kept"

"""Custom study: review ahead, cramming without touching the schedule, more new cards today."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import MakeSession
from fixed_clock import Clock

from dlprep.concepts.custom_study import Cram, ReviewAhead, Scheduled
from dlprep.concepts.session import Rating


def test_more_new_cards_today_raise_the_limit_for_today_only(
    make_session: MakeSession, clock: Clock
) -> None:
    session = make_session(new_cards_per_day=1)
    card = session.next_card()
    assert card is not None
    session.rate(card, Rating.Easy, 1.0)
    assert session.progress().new == 0
    session.add_new_cards_today(2)
    assert session.progress().new == 2
    session.add_new_cards_today(1)
    assert session.progress().new == 3
    clock.advance(timedelta(days=1))
    assert session.progress().new == 1
    with pytest.raises(ValueError, match="at least 1"):
        session.add_new_cards_today(0)


def test_review_ahead_shows_cards_due_in_the_next_days(make_session: MakeSession) -> None:
    session = make_session()
    for _ in range(2):
        card = session.next_card()
        assert card is not None
        session.rate(card, Rating.Easy, 1.0)  # due in days
    assert Scheduled(session, "alpha").remaining()[0] == 0
    ahead = ReviewAhead(session, days=60)
    assert len(ahead.cards()) == 2
    first = ahead.next_card()
    assert first is not None and first == ahead.cards()[0]
    before = session.fsrs_state(first)
    ahead.rate(first, Rating.Good, 1.0)
    assert session.fsrs_state(first) != before, "reviewing ahead reschedules"
    assert ReviewAhead(session, days=0).cards() == []


def test_cram_leaves_the_schedule_and_the_log_alone(make_session: MakeSession) -> None:
    session = make_session()
    cram = Cram.of(session, deck_id="beta")
    assert [c.id for c in cram._pending] == ["b1", "b2"]
    first = cram.next_card()
    assert first is not None
    cram.rate(first, Rating.Again, 1.0)
    assert cram.next_card() is not None and cram.next_card().id == "b2"
    assert cram.remaining() == (2, 0), "Again puts the card back at the end"
    second = cram.next_card()
    assert second is not None
    cram.rate(second, Rating.Easy, 1.0)
    assert cram.undo() == second and cram.next_card() == second
    assert session.store.total_reviews() == 0
    assert session.fsrs_state(first) is None


def test_cram_by_tag_skips_suspended_cards(make_session: MakeSession) -> None:
    session = make_session()
    session.suspend(session.study_cards()["a1"])
    assert [c.id for c in Cram.of(session, tag="sgd")._pending] == ["a2", "a3", "b1", "b2"]

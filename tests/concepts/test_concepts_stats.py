"""Statistics: true retention over review-state cards, today's figures, leeches and suspended cards."""

from __future__ import annotations

from datetime import timedelta

import fsrs
from fixed_clock import Clock

from dlprep.concepts.decks import load_decks
from dlprep.concepts.session import Rating, StudySession
from dlprep.concepts.stats import collect_stats


def graduate(session: StudySession, card_id: str, clock: Clock) -> None:
    """Rate a new card Easy so it becomes a Review card."""
    card = next(card for deck in session.decks for card in deck.cards if card.id == card_id)
    session.rate(card, Rating.Easy, 1)
    assert session.fsrs_state(card).state == fsrs.State.Review


def review_when_due(session: StudySession, card_id: str, rating: Rating, clock: Clock) -> None:
    card = next(card for deck in session.decks for card in deck.cards if card.id == card_id)
    clock.set(max(clock(), session.fsrs_state(card).due))
    session.rate(card, rating, 1)


def test_fresh_figures(session: StudySession) -> None:
    assert collect_stats(session) == {
        "reviews_today": 0,
        "due_today": 0,
        "new_today": 5,
        "new_studied_today": 0,
        "streak_days": 0,
        "true_retention_30d": None,
        "total_reviews": 0,
        "cards": 5,
        "suspended": 0,
        "leeches": 0,
        "exercise_next_due": {},
        "exercises_due": 0,
        "exercise_attempts_today": 0,
        "exercises_passed": 0,
    }


def test_true_retention_counts_only_review_state_reviews(
    session: StudySession, clock: Clock
) -> None:
    for card_id in ("a1", "a2", "a3", "b1"):
        graduate(session, card_id, clock)  # learning-state reviews: not counted
    assert collect_stats(session)["true_retention_30d"] is None
    review_when_due(session, "a1", Rating.Good, clock)
    review_when_due(session, "a2", Rating.Hard, clock)
    review_when_due(session, "a3", Rating.Easy, clock)
    review_when_due(session, "b1", Rating.Again, clock)
    figures = collect_stats(session)
    assert figures["true_retention_30d"] == 0.75
    assert figures["total_reviews"] == 8


def test_true_retention_looks_back_30_days(session: StudySession, clock: Clock) -> None:
    graduate(session, "a1", clock)
    review_when_due(session, "a1", Rating.Again, clock)
    clock.advance(timedelta(days=31))
    assert collect_stats(session)["true_retention_30d"] is None


def test_today_figures_after_studying(make_session, clock: Clock) -> None:
    session = make_session(new_cards_per_day=3)
    for _ in range(2):
        session.rate(session.next_card(), Rating.Good, 1)
    session.suspend(session.next_card())
    figures = collect_stats(session)
    assert (figures["reviews_today"], figures["new_studied_today"], figures["due_today"]) == (
        2,
        2,
        2,
    )
    assert (figures["new_today"], figures["suspended"], figures["streak_days"]) == (1, 1, 1)


def test_cards_outside_the_loaded_decks_are_not_counted(
    session: StudySession, clock: Clock, deck_dir
) -> None:
    session.suspend(session.next_card())
    only_beta = load_decks([deck_dir / "2-beta.yaml"]).decks
    figures = collect_stats(StudySession(session.store, only_beta, session.settings, now=clock))
    assert (figures["cards"], figures["suspended"]) == (2, 0)

"""The Stats screen's figures: reviews and time per day, retention breakdown, forecast, hardest cards."""

from __future__ import annotations

from datetime import date, timedelta

import fsrs
from fixed_clock import Clock

from dlprep.concepts.records import CardRecord, ReviewEntry
from dlprep.concepts.session import Rating, StudySession
from dlprep.concepts.stats import (
    due_forecast,
    hardest_cards,
    retention_breakdown,
    study_stats,
)


def review_state(due_days: float = 1.0) -> fsrs.Card:
    card = fsrs.Card(card_id=1, state=fsrs.State.Review, stability=5.0, difficulty=5.0)
    card.due = card.due + timedelta(days=due_days)
    return card


def entry(card_id: str, rating: Rating, *, before: fsrs.Card | None) -> ReviewEntry:
    after = review_state()
    return ReviewEntry(card_id, after.due, rating, before, after, 1000, 0, False, False)


def test_retention_is_split_by_deck_and_exercises() -> None:
    entries = [
        entry("a1", Rating.Good, before=review_state()),
        entry("a2", Rating.Again, before=review_state()),
        entry("b1", Rating.Good, before=review_state()),
        entry("b1", Rating.Good, before=None),  # a new card's first rating does not count
        entry("exercise:adam", Rating.Again, before=review_state()),
        entry("exercise:adam", Rating.Hard, before=review_state()),
        entry("exercise:sgd", Rating.Good, before=review_state()),
    ]
    retention = retention_breakdown(
        entries, {"a1": "alpha", "a2": "alpha", "b1": "beta", "c1": "gamma"}
    )
    assert retention.per_deck == {"alpha": 0.5, "beta": 1.0, "gamma": None}
    assert retention.exercises == 2 / 3
    assert retention.overall == 4 / 6


def test_forecast_counts_due_cards_per_day_with_the_overdue_today() -> None:
    today = date(2025, 3, 3)

    def record(card_id: str, days: int, **flags: bool) -> CardRecord:
        state = review_state()
        state.due = state.due.replace(year=2025, month=3, day=3, hour=12) + timedelta(days=days)
        return CardRecord(card_id, state, **flags)

    records = [
        record("late", -5),
        record("today", 0),
        record("soon", 2),
        record("later", 40),
        record("off", 1, suspended=True),
        CardRecord("new"),
    ]
    forecast = due_forecast(records, today, lambda moment: moment.date(), days=30)
    assert len(forecast) == 30
    assert forecast[0] == 2 and forecast[2] == 1 and sum(forecast) == 3


def test_hardest_cards_are_those_with_most_lapses() -> None:
    records = [
        CardRecord("a", lapses=2),
        CardRecord("b", lapses=5),
        CardRecord("c"),
        CardRecord("d", lapses=2),
    ]
    assert hardest_cards(records, 2) == [("b", 5), ("a", 2)]


def test_study_stats_of_a_session(session: StudySession, clock: Clock) -> None:
    first = session.next_card()
    assert first is not None
    session.rate(first, Rating.Again, 4.0)
    clock.advance(timedelta(days=1))
    second = session.next_card()
    assert second is not None
    session.rate(second, Rating.Good, 6.0)
    stats = study_stats(session)
    assert stats.today == date(2025, 3, 4)
    assert stats.reviews_per_day == {date(2025, 3, 3): 1, date(2025, 3, 4): 1}
    assert stats.seconds_per_day[date(2025, 3, 4)] == 6.0
    assert stats.streak_days == 2
    assert sum(stats.forecast) == len({first.id, second.id}), "every rated card is due again"
    assert stats.retention.per_deck.keys() == {"alpha", "beta"}

"""StudySession: card order, daily limits, learn-ahead, preview = rating, undo, bury, suspend, leeches, days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import fsrs
import pytest
from concepts_support import basic_card, deck_yaml
from fixed_clock import Clock

from dlprep.concepts.decks import load_decks
from dlprep.concepts.model import Card, Deck
from dlprep.concepts.session import Rating, StudySession, TodayProgress
from dlprep.concepts.settings import Settings
from dlprep.concepts.store import Store


def cards_by_id(decks: list[Deck]) -> dict[str, Card]:
    return {card.id: card for deck in decks for card in deck.cards}


def study(session: StudySession, rating: Rating = Rating.Good) -> str:
    """Rate the next card and return its id."""
    card = session.next_card()
    assert card is not None
    session.rate(card, rating, 2.5)
    return card.id


def make_review_card(session: StudySession, card: Card, clock: Clock) -> None:
    """Rate `card` Easy (it graduates to the Review state), then move the clock to its due date."""
    session.rate(card, Rating.Easy, 1.0)
    state = session.fsrs_state(card)
    assert state is not None and state.state == fsrs.State.Review
    clock.set(state.due)


def test_a_fresh_session_offers_new_cards_in_deck_order(session: StudySession) -> None:
    assert [(s.deck.id, s.due, s.new, s.total) for s in session.deck_summaries()] == [
        ("alpha", 0, 3, 3),
        ("beta", 0, 2, 2),
    ]
    assert session.progress() == TodayProgress(reviewed=0, due=0, new=5, streak_days=0)
    assert session.next_card().id == "a1"
    assert session.next_card("beta").id == "b1"


def test_rating_moves_on_and_counts(session: StudySession) -> None:
    assert study(session) == "a1"
    assert session.next_card().id == "a2"
    assert session.progress() == TodayProgress(reviewed=1, due=1, new=4, streak_days=1)
    state = session.fsrs_state(cards_by_id(session.decks)["a1"])
    assert state is not None and state.state == fsrs.State.Learning


def test_learning_cards_that_are_due_come_before_new_ones(
    session: StudySession, clock: Clock
) -> None:
    assert study(session, Rating.Again) == "a1"  # back in 1 minute
    assert session.next_card().id == "a2"
    clock.advance(timedelta(minutes=1))
    assert session.next_card().id == "a1"


def test_due_reviews_come_before_new_cards_most_overdue_first(
    session: StudySession, clock: Clock
) -> None:
    cards = cards_by_id(session.decks)
    session.rate(cards["b2"], Rating.Easy, 1)
    session.rate(cards["a3"], Rating.Easy, 1)
    clock.advance(timedelta(days=60))
    assert session.progress().due == 2
    assert session.next_card().id == "b2"  # both overdue; b2 was due first (rated first)
    assert study(session) == "b2"
    assert study(session) == "a3"
    assert session.next_card().id == "a1"


def test_daily_new_card_limit(make_session, clock: Clock) -> None:
    session = make_session(new_cards_per_day=2, learn_ahead_minutes=0)
    assert [s.new for s in session.deck_summaries()] == [2, 2]
    assert session.progress().new == 2
    assert [study(session), study(session)] == ["a1", "a2"]
    assert session.progress().new == 0
    assert session.next_card() is None
    clock.advance(timedelta(days=1))
    assert session.progress().new == 2


def test_daily_review_limit(make_session, clock: Clock) -> None:
    session = make_session(reviews_per_day=1)
    cards = cards_by_id(session.decks)
    for card_id in ("a1", "a2"):
        session.rate(cards[card_id], Rating.Easy, 1)
    clock.advance(timedelta(days=60))
    assert session.progress().due == 1
    assert study(session) in ("a1", "a2")
    assert session.progress().due == 0
    assert (
        session.next_card().id == "a3"
    )  # the other review waits for tomorrow; new cards still come


def test_learn_ahead_shows_the_last_learning_card_early(make_session) -> None:
    ahead = make_session()
    for _ in range(5):
        study(ahead)
    assert (
        ahead.next_card().id == "a1"
    )  # due in 10 minutes, nothing else left: shown now, as in Anki
    waiting = make_session(learn_ahead_minutes=0)
    assert waiting.next_card() is None
    assert waiting.progress().due == 5


@pytest.mark.parametrize("rating", list(Rating))
def test_preview_gives_exactly_the_interval_the_rating_gives(
    session: StudySession, clock: Clock, rating: Rating
) -> None:
    card = cards_by_id(session.decks)["a1"]
    make_review_card(session, card, clock)
    clock.advance(timedelta(days=3))
    intervals = session.preview(card)
    session.rate(card, rating, 1)
    assert session.fsrs_state(card).due - clock() == intervals[rating]


def test_preview_of_a_new_card_uses_the_learning_steps(make_session) -> None:
    session = make_session(learning_steps_minutes=(3, 30))
    card = session.next_card()
    intervals = session.preview(card)
    assert intervals[Rating.Again] == timedelta(minutes=3)
    assert intervals[Rating.Good] == timedelta(minutes=30)
    assert intervals[Rating.Easy] >= timedelta(days=1)


def test_higher_desired_retention_gives_shorter_intervals(make_session, clock: Clock) -> None:
    relaxed = make_session(desired_retention=0.8)
    card = cards_by_id(relaxed.decks)["a1"]
    make_review_card(relaxed, card, clock)
    strict = make_session(desired_retention=0.97)
    assert strict.preview(card)[Rating.Good] < relaxed.preview(card)[Rating.Good]


def test_a_rating_is_committed_before_rate_returns(session: StudySession) -> None:
    study(session)
    with Store.open(session.store.path) as other:
        (entry,) = other.reviews_since(datetime(2000, 1, 1, tzinfo=UTC))
    assert (entry.card_id, entry.rating, entry.duration_ms, entry.state_before) == (
        "a1",
        Rating.Good,
        2500,
        None,
    )
    assert entry.reviewed_at == datetime(2025, 3, 3, 12, 0, tzinfo=UTC)
    assert entry.state_after.state == fsrs.State.Learning


def test_undo_reverts_the_last_rating(session: StudySession) -> None:
    assert session.undo() is None
    study(session)
    study(session, Rating.Again)
    undone = session.undo()
    assert undone is not None and undone.id == "a2"
    assert session.fsrs_state(undone) is None
    assert session.progress().reviewed == 1
    assert session.next_card().id == "a2"
    assert session.undo().id == "a1"
    assert session.undo() is None
    assert session.progress() == TodayProgress(reviewed=0, due=0, new=5, streak_days=0)


def test_undo_restores_the_previous_state_exactly(session: StudySession, clock: Clock) -> None:
    card = cards_by_id(session.decks)["a1"]
    make_review_card(session, card, clock)
    before = session.fsrs_state(card).to_dict()
    session.rate(card, Rating.Again, 1)
    session.undo()
    assert session.fsrs_state(card).to_dict() == before


def test_undo_works_after_a_restart(
    session: StudySession, small_decks: list[Deck], clock: Clock
) -> None:
    study(session)
    path = session.store.path
    session.store.close()
    with Store.open(path) as reopened:
        restarted = StudySession(reopened, small_decks, Settings(), now=clock, zone=UTC)
        assert restarted.undo().id == "a1"
        assert restarted.progress().reviewed == 0


def test_bury_hides_a_card_until_the_next_day_starts(session: StudySession, clock: Clock) -> None:
    card = session.next_card()
    session.bury(card)
    assert session.next_card().id == "a2"
    assert session.progress().new == 4
    clock.set(datetime(2025, 3, 4, 3, 59, tzinfo=UTC))  # the day starts at 04:00 (UTC here)
    assert session.next_card().id == "a2"
    clock.set(datetime(2025, 3, 4, 4, 0, tzinfo=UTC))
    assert session.next_card().id == "a1"


def test_bury_uses_the_learners_time_zone(store: Store, small_decks: list[Deck]) -> None:
    clock = Clock(datetime(2025, 3, 3, 12, 0, tzinfo=UTC))  # 20:00 in Shanghai
    session = StudySession(
        store, small_decks, Settings(), now=clock, zone=ZoneInfo("Asia/Shanghai")
    )
    session.bury(session.next_card())
    clock.set(datetime(2025, 3, 3, 19, 59, tzinfo=UTC))  # 03:59 in Shanghai
    assert session.next_card().id == "a2"
    clock.set(datetime(2025, 3, 3, 20, 0, tzinfo=UTC))  # 04:00 in Shanghai
    assert session.next_card().id == "a1"


def test_suspend_and_unsuspend(session: StudySession, clock: Clock) -> None:
    card = session.next_card()
    session.suspend(card)
    assert session.is_suspended(card)
    clock.advance(timedelta(days=30))
    assert session.next_card().id == "a2"
    assert session.deck_summaries()[0].new == 2
    session.unsuspend(card)
    assert session.next_card().id == "a1"


def lapse(session: StudySession, card: Card, clock: Clock) -> None:
    """Forget a review card (Again), then relearn it (Good) so it is a review card again."""
    clock.set(session.fsrs_state(card).due)
    session.rate(card, Rating.Again, 1)
    clock.advance(timedelta(minutes=10))
    session.rate(card, Rating.Good, 1)


def test_a_card_becomes_a_suspended_leech_after_8_lapses(
    session: StudySession, clock: Clock
) -> None:
    card = cards_by_id(session.decks)["b1"]
    make_review_card(session, card, clock)
    for _ in range(7):
        lapse(session, card, clock)
    assert not session.is_leech(card) and not session.is_suspended(card)
    clock.set(session.fsrs_state(card).due)
    session.rate(card, Rating.Again, 1)
    assert session.is_leech(card) and session.is_suspended(card)
    assert session.tags(card) == ("sgd", "leech")
    assert all(candidate != card for candidate in (session.next_card(), session.next_card("beta")))
    session.undo()
    assert not session.is_leech(card) and not session.is_suspended(card)
    assert session.tags(card) == ("sgd",)


def test_relearning_failures_are_not_lapses(make_session, clock: Clock) -> None:
    session = make_session(leech_lapses=2)
    card = cards_by_id(session.decks)["a1"]
    make_review_card(session, card, clock)
    session.rate(card, Rating.Again, 1)  # lapse 1: Review -> Relearning
    for _ in range(3):
        clock.advance(timedelta(minutes=10))
        session.rate(card, Rating.Again, 1)  # failing in Relearning is not another lapse
    assert not session.is_leech(card)
    clock.advance(timedelta(minutes=10))
    session.rate(card, Rating.Good, 1)
    lapse(session, card, clock)
    assert session.is_leech(card)


def test_the_day_rollover_hour_is_a_setting(make_session, clock: Clock) -> None:
    clock.set(datetime(2025, 3, 3, 3, 0, tzinfo=UTC))
    study(make_session())
    clock.set(datetime(2025, 3, 3, 5, 0, tzinfo=UTC))
    assert make_session(day_starts_at_hour=4).progress().reviewed == 0  # 03:00 belonged to 2 March
    assert make_session(day_starts_at_hour=0).progress().reviewed == 1


def test_streak_counts_consecutive_study_days(session: StudySession, clock: Clock) -> None:
    for _ in range(3):
        study(session)
        clock.advance(timedelta(days=1))
    assert (
        session.progress().streak_days == 3
    )  # nothing yet today: the streak still runs through yesterday
    study(session)
    assert session.progress().streak_days == 4
    clock.advance(timedelta(days=2))
    assert session.progress().streak_days == 0


def test_a_naive_clock_is_refused(store: Store, small_decks: list[Deck]) -> None:
    session = StudySession(store, small_decks, Settings(), now=lambda: datetime(2025, 3, 3, 12))
    with pytest.raises(ValueError, match="timezone-aware"):
        session.next_card()


def test_the_default_clock_is_utc_now(store: Store, small_decks: list[Deck]) -> None:
    session = StudySession(store, small_decks, Settings())
    moment = session.now()
    assert moment.tzinfo == UTC
    assert abs(moment - datetime.now(UTC)) < timedelta(minutes=1)


def test_progress_survives_editing_a_cards_text(
    session: StudySession, write_deck, deck_dir, clock: Clock
) -> None:
    study(session)
    write_deck(
        "1-alpha.yaml",
        deck_yaml("alpha", [basic_card("a1", front={"en": "Reworded?", "zh": "改写？"})]),
    )
    decks = load_decks([deck_dir]).decks
    edited = StudySession(session.store, decks, Settings(), now=clock, zone=UTC)
    assert cards_by_id(decks)["a1"].front.en == "Reworded?"
    assert edited.fsrs_state(cards_by_id(decks)["a1"]) is not None
    assert edited.next_card().id == "b1"

"""Today's study queue: which cards are in learning, due for review or new, with the daily limits.

Built from the store's card states and today's part of the review log; `StudySession` asks it
for the next card and for counts. Also the study streak, which is counted in the same study days.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo

import fsrs

from dlprep.concepts.cloze import note_id
from dlprep.concepts.fsrs_adapter import day_bounds, study_day
from dlprep.concepts.model import Card
from dlprep.concepts.records import CardRecord, ReviewEntry, is_exercise_id
from dlprep.concepts.settings import Settings
from dlprep.concepts.store import Store


@dataclass(frozen=True)
class Candidate:
    """A card that may be studied today; `due` is None for a new card."""

    card_id: str
    deck_id: str
    due: datetime | None


@dataclass(frozen=True)
class DayQueue:
    """The cards available in the current study day, in the order they should be studied."""

    now: datetime
    day_end: datetime
    learning: tuple[Candidate, ...]  # learning/relearning, due before the day ends, soonest first
    reviews: tuple[Candidate, ...]  # review state, due before the day ends, most overdue first
    new: tuple[Candidate, ...]  # never rated, in deck order
    reviewed_today: int
    reviews_left: int
    new_left: int
    learn_ahead: (
        timedelta  # when nothing else is left, learning cards due this soon are shown (Anki)
    )

    @property
    def due_count(self) -> int:
        """Learning cards due today plus review cards up to the daily review limit."""
        return len(self.learning) + min(len(self.reviews), self.reviews_left)

    @property
    def new_count(self) -> int:
        """New cards up to the daily new-card limit."""
        return min(len(self.new), self.new_left)

    def for_deck(self, deck_id: str) -> DayQueue:
        """The same queue restricted to one deck (the daily limits stay global)."""

        def keep(candidates: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
            return tuple(candidate for candidate in candidates if candidate.deck_id == deck_id)

        return replace(
            self, learning=keep(self.learning), reviews=keep(self.reviews), new=keep(self.new)
        )

    def next_card_id(self) -> str | None:
        """Learning due now, then reviews, then new cards, then learning due within `learn_ahead`."""
        if self.learning and _due_by(self.learning[0], self.now):
            return self.learning[0].card_id
        if self.reviews and self.reviews_left > 0:
            return self.reviews[0].card_id
        if self.new and self.new_left > 0:
            return self.new[0].card_id
        if self.learning and _due_by(self.learning[0], self.now + self.learn_ahead):
            return self.learning[0].card_id
        return None


def _due_by(candidate: Candidate, moment: datetime) -> bool:
    return candidate.due is not None and candidate.due <= moment


StudyDecks = Sequence[tuple[str, Sequence[Card]]]
"""Each deck's id and its study cards (cloze cards expanded, see cloze.py), in deck order."""


def build_day_queue(
    store: Store, decks: StudyDecks, settings: Settings, now: datetime, zone: tzinfo | None
) -> DayQueue:
    """Today's queue over `decks` at `now`, the day starting at `settings.day_starts_at_hour` in `zone`.

    A cloze sibling of a card rated today is buried for the day (as Anki does), unless it is in
    learning: that is derived from today's log, so an undo unburies it too.
    """
    start, end = day_bounds(now, settings.day_starts_at_hour, zone)
    # Exercise ratings share the log but not the cards' daily counts and limits.
    reviewed = [entry for entry in store.reviews_since(start) if not is_exercise_id(entry.card_id)]
    buried_siblings = _siblings_of({entry.card_id for entry in reviewed})
    learning, reviews, new = _sort_cards(store.card_records(), decks, now, end, buried_siblings)
    return DayQueue(
        now=now,
        day_end=end,
        learning=tuple(sorted(learning, key=_due_key)),
        reviews=tuple(sorted(reviews, key=_due_key)),
        new=tuple(new),
        reviewed_today=len(reviewed),
        reviews_left=max(
            0, settings.reviews_per_day - sum(1 for entry in reviewed if _was_review(entry))
        ),
        new_left=max(
            0,
            settings.new_cards_per_day
            + store.extra_new_cards(study_day(now, settings.day_starts_at_hour, zone))
            - sum(1 for entry in reviewed if entry.state_before is None),
        ),
        learn_ahead=timedelta(minutes=settings.learn_ahead_minutes),
    )


def _siblings_of(reviewed_ids: set[str]) -> dict[str, set[str]]:
    """Note id → the study cards of that note rated today (only notes with several study cards)."""
    siblings: dict[str, set[str]] = {}
    for card_id in reviewed_ids:
        if note_id(card_id) != card_id:
            siblings.setdefault(note_id(card_id), set()).add(card_id)
    return siblings


def _sibling_buried(card_id: str, reviewed_siblings: dict[str, set[str]]) -> bool:
    rated = reviewed_siblings.get(note_id(card_id))
    return rated is not None and bool(rated - {card_id})


def _sort_cards(
    records: dict[str, CardRecord],
    decks: StudyDecks,
    now: datetime,
    day_end: datetime,
    reviewed_siblings: dict[str, set[str]],
) -> tuple[list[Candidate], list[Candidate], list[Candidate]]:
    """Split the studiable cards of `decks` into learning and review cards due today, and new cards."""
    learning: list[Candidate] = []
    reviews: list[Candidate] = []
    new: list[Candidate] = []
    for deck_id, cards in decks:
        for card in cards:
            record = records.get(card.id, CardRecord(card.id))
            if record.suspended or (record.buried_until is not None and now < record.buried_until):
                continue
            state = record.fsrs_card
            in_learning = state is not None and state.state != fsrs.State.Review
            if not in_learning and _sibling_buried(card.id, reviewed_siblings):
                continue
            if state is None:
                new.append(Candidate(card.id, deck_id, None))
            elif state.due < day_end:
                target = learning if in_learning else reviews
                target.append(Candidate(card.id, deck_id, state.due))
    return learning, reviews, new


def _due_key(candidate: Candidate) -> datetime:
    assert candidate.due is not None
    return candidate.due


def _was_review(entry: ReviewEntry) -> bool:
    return entry.state_before is not None and entry.state_before.state == fsrs.State.Review


def streak_days(store: Store, now: datetime, day_start_hour: int, zone: tzinfo | None) -> int:
    """Consecutive study days with at least one rating, ending today (or yesterday if none yet today)."""
    today = study_day(now, day_start_hour, zone)
    expected = today
    streak = 0
    for moment in store.review_times_newest_first():
        day = study_day(moment, day_start_hour, zone)
        if day > expected:  # a review logged in the future of `now` (a test clock): ignore it
            continue
        if day == expected:
            streak += 1
            expected = day - timedelta(days=1)
        elif streak == 0 and day == today - timedelta(days=1):
            streak, expected = 1, day - timedelta(days=1)
        else:
            break
    return streak

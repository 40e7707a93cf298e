"""A study session: which card comes next, rating it, undo, bury, suspend, and today's counts.

The order is Anki's: learning cards that are due, then review cards due today, then new cards
in deck order (daily new and review limits applied), then, when nothing else is left, learning
cards due within `Settings.learn_ahead_minutes` (20, Anki's learn-ahead limit). Buried and
suspended cards are skipped.
Every change is committed to the store before the method returns. Time comes from the
injectable `now` clock; the study day rolls over at `Settings.day_starts_at_hour`, local time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo

import fsrs
from fsrs import Rating

from dlprep.concepts.answers import choice_order
from dlprep.concepts.cloze import study_cards
from dlprep.concepts.fsrs_adapter import (
    LEECH_TAG,
    build_scheduler,
    day_bounds,
    format_interval,
    is_lapse,
    reaches_leech,
    review,
    study_day,
    utc_now,
)
from dlprep.concepts.model import Card, Deck
from dlprep.concepts.queue import DayQueue, build_day_queue, streak_days
from dlprep.concepts.records import CardRecord, ReviewEntry
from dlprep.concepts.settings import Settings
from dlprep.concepts.store import Store

__all__ = ["DeckSummary", "Rating", "StudySession", "TodayProgress", "format_interval", "utc_now"]


@dataclass(frozen=True)
class DeckSummary:
    """A deck's cards available today (limits applied) and its size."""

    deck: Deck
    due: int
    new: int
    total: int


@dataclass(frozen=True)
class TodayProgress:
    """Today across all decks: ratings given, cards still due and new, and the study streak."""

    reviewed: int
    due: int
    new: int
    streak_days: int


class StudySession:
    """Schedules the cards of `decks` with FSRS, reading and writing progress in `store`."""

    def __init__(
        self,
        store: Store,
        decks: Sequence[Deck],
        settings: Settings,
        now: Callable[[], datetime] = utc_now,
        *,
        zone: tzinfo | None = None,
    ) -> None:
        """`zone` is the learner's time zone for day boundaries (None: the system's local zone)."""
        self.store = store
        self.decks = list(decks)
        self.settings = settings
        self.zone = zone
        self._now = now
        self._scheduler = build_scheduler(settings)
        self._study_decks = [(deck.id, study_cards(deck.cards)) for deck in self.decks]
        self._cards = {card.id: card for _, cards in self._study_decks for card in cards}

    def apply_settings(self, settings: Settings) -> None:
        """Schedule with `settings` from now on (retention, steps, limits, day roll-over, leeches)."""
        self.settings = settings
        self._scheduler = build_scheduler(settings)

    def now(self) -> datetime:
        """The session clock's current time. Raises ValueError if the clock gives a naive datetime."""
        moment = self._now()
        if moment.tzinfo is None:
            raise ValueError("the session clock must return timezone-aware datetimes")
        return moment

    def study_day(self) -> date:
        """Today's study day (it rolls over at `Settings.day_starts_at_hour`)."""
        return study_day(self.now(), self.settings.day_starts_at_hour, self.zone)

    def choice_order(self, card: Card) -> tuple[int, ...]:
        """The order `card`'s choices are shown in today (the same after an undo or a redraw)."""
        return choice_order(card.id, self.study_day(), len(card.choices))

    def study_cards(self) -> dict[str, Card]:
        """Every study card of these decks by id (cloze cards expanded: `<id>::cN`)."""
        return dict(self._cards)

    def day_start(self) -> datetime:
        """When the current study day started (UTC)."""
        return self.day_bounds()[0]

    def day_bounds(self) -> tuple[datetime, datetime]:
        """When the current study day starts and ends (UTC)."""
        return day_bounds(self.now(), self.settings.day_starts_at_hour, self.zone)

    def add_new_cards_today(self, count: int) -> None:
        """Raise today's new-card limit by `count` (custom study: "N more new cards today")."""
        if count < 1:
            raise ValueError(f"the number of extra new cards must be at least 1 (got {count})")
        day = self.study_day()
        self.store.save_extra_new_cards(day, self.store.extra_new_cards(day) + count)

    def _queue(self, deck_id: str | None = None) -> DayQueue:
        queue = build_day_queue(self.store, self._study_decks, self.settings, self.now(), self.zone)
        return queue if deck_id is None else queue.for_deck(deck_id)

    def deck_summaries(self) -> list[DeckSummary]:
        """Per deck, the cards due and new that can still be studied today."""
        queue = self._queue()
        summaries = []
        for deck in self.decks:
            deck_queue = queue.for_deck(deck.id)
            total = len(study_cards(deck.cards))
            summaries.append(DeckSummary(deck, deck_queue.due_count, deck_queue.new_count, total))
        return summaries

    def progress(self) -> TodayProgress:
        """Today's ratings, the cards still due and new in all decks, and the streak of study days."""
        queue = self._queue()
        streak = streak_days(self.store, self.now(), self.settings.day_starts_at_hour, self.zone)
        return TodayProgress(queue.reviewed_today, queue.due_count, queue.new_count, streak)

    def next_card(self, deck_id: str | None = None) -> Card | None:
        """The card to study now (in `deck_id`, or any deck), or None when nothing is left for now."""
        card_id = self._queue(deck_id).next_card_id()
        return self._cards[card_id] if card_id is not None else None

    def preview(self, card: Card) -> dict[Rating, timedelta]:
        """The interval each rating would give `card` now."""
        now = self.now()
        state = self.store.card_record(card.id).fsrs_card
        return {
            rating: review(self._scheduler, card.id, state, rating, now).due - now
            for rating in Rating
        }

    def rate(self, card: Card, rating: Rating, duration_s: float) -> None:
        """Record `rating` for `card`; committed before this returns. A lapse may make it a (suspended) leech."""
        self.rate_id(card.id, rating, duration_s)

    def rate_id(
        self, card_id: str, rating: Rating, duration_s: float, *, steps: bool = True
    ) -> int:
        """Record `rating` for the card (or exercise, "exercise:<id>") `card_id`; the log entry's id.

        `steps=False` schedules without learning steps (exercises: see `build_scheduler`).
        """
        now = self.now()
        before = self.store.card_record(card_id)
        scheduler = self._scheduler if steps else build_scheduler(self.settings, steps=False)
        after_state = review(scheduler, card_id, before.fsrs_card, rating, now)
        lapses = before.lapses + is_lapse(before.fsrs_card, rating)
        becomes_leech = is_lapse(before.fsrs_card, rating) and reaches_leech(
            lapses, self.settings.leech_lapses
        )
        after = replace(
            before,
            fsrs_card=after_state,
            lapses=lapses,
            leech=before.leech or becomes_leech,
            suspended=before.suspended or becomes_leech,
        )
        entry = ReviewEntry(
            card_id=card_id,
            reviewed_at=now,
            rating=rating,
            state_before=before.fsrs_card,
            state_after=after_state,
            duration_ms=max(0, round(duration_s * 1000)),
            lapses_before=before.lapses,
            leech_before=before.leech,
            suspended_before=before.suspended,
        )
        return self.store.save_review(entry, after)

    def undo(self) -> Card | None:
        """Take back the last rating of a card in these decks (also one made before a restart).

        Returns that card, or None when there is nothing to undo.
        """
        entry = self.store.last_review(self._cards.keys())
        if entry is None:
            return None
        self.store.undo_review(entry)
        return self._cards[entry.card_id]

    def bury(self, card: Card) -> None:
        """Hide `card` until the next study day starts."""
        end_of_day = day_bounds(self.now(), self.settings.day_starts_at_hour, self.zone)[1]
        self._update(card, lambda record: replace(record, buried_until=end_of_day))

    def suspend(self, card: Card) -> None:
        """Take `card` out of study until `unsuspend`."""
        self._update(card, lambda record: replace(record, suspended=True))

    def unsuspend(self, card: Card) -> None:
        """Put a suspended card (a leech, say) back into study; it stays tagged as a leech."""
        self._update(card, lambda record: replace(record, suspended=False))

    def unbury(self, card: Card) -> None:
        """Show a buried card again today."""
        self._update(card, lambda record: replace(record, buried_until=None))

    def forget(self, card: Card) -> None:
        """Reset `card` to new (Anki's "Forget"); its review log is kept for stats and optimising."""
        self._update(card, lambda record: CardRecord(record.card_id))

    def clear_leech(self, card: Card) -> None:
        """Drop the leech flag (the card keeps its lapses and whether it is suspended)."""
        self._update(card, lambda record: replace(record, leech=False))

    def record(self, card: Card) -> CardRecord:
        """What the store knows about `card` (a blank record while it is new)."""
        return self.store.card_record(card.id)

    def _update(self, card: Card, change: Callable[[CardRecord], CardRecord]) -> None:
        self.store.save_card(change(self.store.card_record(card.id)))

    def is_leech(self, card: Card) -> bool:
        """Whether `card` has lapsed often enough to be a leech (see `Settings.leech_lapses`)."""
        return self.store.card_record(card.id).leech

    def is_suspended(self, card: Card) -> bool:
        return self.store.card_record(card.id).suspended

    def lapses(self, card: Card) -> int:
        """How often `card` was forgotten after being learned (rated Again in review)."""
        return self.store.card_record(card.id).lapses

    def tags(self, card: Card) -> tuple[str, ...]:
        """The card's deck tags, plus "leech" once it is a leech."""
        return card.tags + ((LEECH_TAG,) if self.is_leech(card) else ())

    def fsrs_state(self, card: Card) -> fsrs.Card | None:
        """The card's FSRS state, or None while it is new."""
        return self.store.card_record(card.id).fsrs_card

"""Custom study, as in Anki: review ahead, cram a deck or tag, and more new cards today.

A `StudyMode` is what the Review screen asks for the next card and hands ratings to:

* `Scheduled`: today's queue (the default), for one deck or all.
* `ReviewAhead`: review-state cards due today or in the next N days, soonest first (no new
  or learning cards); ratings are ordinary reviews (the schedule moves, as in Anki).
* `Cram`: every studiable card of a deck or tag, in deck order; ratings are NOT written to the
  schedule or the log (Again puts the card back at the end of this cram; undo works in memory).

"N more new cards today" raises today's new-card limit (`StudySession.add_new_cards_today`).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import timedelta

import fsrs
from fsrs import Rating

from dlprep.concepts.model import Card
from dlprep.concepts.session import StudySession

CRAM_INTERVALS: dict[Rating, timedelta] = {
    Rating.Again: timedelta(0),  # back at the end of this cram
    Rating.Hard: timedelta(0),
    Rating.Good: timedelta(0),
    Rating.Easy: timedelta(0),
}


class Scheduled:
    """Today's scheduled queue of one deck (`deck_id`) or of all decks (None)."""

    writes_schedule = True

    def __init__(self, session: StudySession, deck_id: str | None = None) -> None:
        self.session = session
        self.deck_id = deck_id

    def next_card(self) -> Card | None:
        return self.session.next_card(self.deck_id)

    def preview(self, card: Card) -> dict[Rating, timedelta]:
        return self.session.preview(card)

    def rate(self, card: Card, rating: Rating, duration_s: float) -> None:
        self.session.rate(card, rating, duration_s)

    def undo(self) -> Card | None:
        return self.session.undo()

    def remaining(self) -> tuple[int, int]:
        """Cards still due and new in this mode."""
        if self.deck_id is None:
            progress = self.session.progress()
            return progress.due, progress.new
        summary = next(s for s in self.session.deck_summaries() if s.deck.id == self.deck_id)
        return summary.due, summary.new


class ReviewAhead(Scheduled):
    """Review cards due before `days` more study days end, soonest first."""

    def __init__(self, session: StudySession, days: int, deck_id: str | None = None) -> None:
        super().__init__(session, deck_id)
        self.days = days

    def cards(self) -> list[Card]:
        """The review cards due before `days` more study days end, soonest due first."""
        session = self.session
        day_end = session.day_bounds()[1]
        limit = day_end + timedelta(days=self.days)
        now, found = session.now(), []
        records = session.store.card_records()
        for card in session.study_cards().values():
            record = records.get(card.id)
            if record is None or record.fsrs_card is None or record.suspended:
                continue
            if record.buried_until is not None and now < record.buried_until:
                continue
            state = record.fsrs_card
            in_deck = self.deck_id is None or card.deck_id == self.deck_id
            if in_deck and state.state == fsrs.State.Review and state.due < limit:
                found.append((state.due, card))
        return [card for _, card in sorted(found, key=lambda item: item[0])]

    def next_card(self) -> Card | None:
        ahead = self.cards()
        return ahead[0] if ahead else None

    def remaining(self) -> tuple[int, int]:
        return len(self.cards()), 0


@dataclass(frozen=True)
class CramStep:
    card: Card
    requeued: bool


class Cram:
    """The studiable cards of a deck or tag, in deck order, reviewed without touching the schedule."""

    writes_schedule = False

    def __init__(self, session: StudySession, cards: list[Card]) -> None:
        self.session = session
        self._pending: deque[Card] = deque(cards)
        self._history: list[CramStep] = []

    @classmethod
    def of(
        cls, session: StudySession, *, deck_id: str | None = None, tag: str | None = None
    ) -> Cram:
        """Cram the cards of `deck_id` and/or tagged `tag` (suspended cards left out)."""
        records = session.store.card_records()
        cards = [
            card
            for card in session.study_cards().values()
            if (deck_id is None or card.deck_id == deck_id)
            and (tag is None or tag in card.tags)
            and not (card.id in records and records[card.id].suspended)
        ]
        return cls(session, cards)

    def next_card(self) -> Card | None:
        return self._pending[0] if self._pending else None

    def preview(self, card: Card) -> dict[Rating, timedelta]:
        return dict(CRAM_INTERVALS)

    def rate(self, card: Card, rating: Rating, duration_s: float) -> None:
        """Move on; Again puts the card back at the end. Nothing is written to the store."""
        if not self._pending or self._pending[0].id != card.id:
            return
        self._pending.popleft()
        requeued = rating == Rating.Again
        if requeued:
            self._pending.append(card)
        self._history.append(CramStep(card, requeued))

    def undo(self) -> Card | None:
        if not self._history:
            return None
        step = self._history.pop()
        if step.requeued:
            self._pending.pop()
        self._pending.appendleft(step.card)
        return step.card

    def remaining(self) -> tuple[int, int]:
        return len(self._pending), 0


StudyMode = Scheduled | ReviewAhead | Cram

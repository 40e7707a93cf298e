"""The rows the store keeps, as values: a card's scheduling state and one entry of the review log.

Times are timezone-aware UTC datetimes in Python and ISO 8601 text (microseconds, +00:00) in
SQLite, so text order is time order. FSRS states are stored as fsrs `Card.to_dict()` JSON.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

import fsrs


@dataclass(frozen=True)
class CardRecord:
    """What the store knows about one card. A card never rated has `fsrs_card` None (it is new)."""

    card_id: str
    fsrs_card: fsrs.Card | None = None
    lapses: int = 0
    leech: bool = False
    suspended: bool = False
    buried_until: datetime | None = None


@dataclass(frozen=True)
class ReviewEntry:
    """One rating in the review log, with what undo needs to restore the card as it was."""

    card_id: str
    reviewed_at: datetime
    rating: fsrs.Rating
    state_before: fsrs.Card | None
    state_after: fsrs.Card
    duration_ms: int
    lapses_before: int
    leech_before: bool
    suspended_before: bool
    id: int | None = None

    def record_before(self, buried_until: datetime | None) -> CardRecord:
        """The card's record as it was just before this rating."""
        return CardRecord(
            self.card_id,
            self.state_before,
            self.lapses_before,
            self.leech_before,
            self.suspended_before,
            buried_until,
        )


EXERCISE_PREFIX = "exercise:"
"""Card ids under this prefix in card_state/review_log are exercises (concepts/exercise_schedule.py)."""


def is_exercise_id(card_id: str) -> bool:
    return card_id.startswith(EXERCISE_PREFIX)


REVIEW_COLUMNS = (
    "id, card_id, reviewed_at, rating, state_before, state_after, duration_ms,"
    " lapses_before, leech_before, suspended_before"
)
CARD_COLUMNS = "card_id, fsrs_card, lapses, leech, suspended, buried_until"


def time_to_text(moment: datetime) -> str:
    """UTC ISO 8601 with microseconds. Raises ValueError for a naive datetime."""
    if moment.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def text_to_time(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def fsrs_to_text(card: fsrs.Card | None) -> str | None:
    return None if card is None else json.dumps(card.to_dict())


def text_to_fsrs(text: str | None) -> fsrs.Card | None:
    return None if text is None else fsrs.Card.from_dict(json.loads(text))


def card_from_row(row: sqlite3.Row) -> CardRecord:
    return CardRecord(
        card_id=row["card_id"],
        fsrs_card=text_to_fsrs(row["fsrs_card"]),
        lapses=row["lapses"],
        leech=bool(row["leech"]),
        suspended=bool(row["suspended"]),
        buried_until=text_to_time(row["buried_until"]) if row["buried_until"] else None,
    )


def card_to_row(record: CardRecord) -> tuple[object, ...]:
    buried = time_to_text(record.buried_until) if record.buried_until else None
    return (
        record.card_id,
        fsrs_to_text(record.fsrs_card),
        record.lapses,
        int(record.leech),
        int(record.suspended),
        buried,
    )


def review_from_row(row: sqlite3.Row) -> ReviewEntry:
    state_after = text_to_fsrs(row["state_after"])
    assert state_after is not None  # NOT NULL in the schema
    return ReviewEntry(
        id=row["id"],
        card_id=row["card_id"],
        reviewed_at=text_to_time(row["reviewed_at"]),
        rating=fsrs.Rating(row["rating"]),
        state_before=text_to_fsrs(row["state_before"]),
        state_after=state_after,
        duration_ms=row["duration_ms"],
        lapses_before=row["lapses_before"],
        leech_before=bool(row["leech_before"]),
        suspended_before=bool(row["suspended_before"]),
    )


def review_to_row(entry: ReviewEntry) -> tuple[object, ...]:
    return (
        entry.card_id,
        time_to_text(entry.reviewed_at),
        int(entry.rating),
        fsrs_to_text(entry.state_before),
        fsrs_to_text(entry.state_after),
        entry.duration_ms,
        entry.lapses_before,
        int(entry.leech_before),
        int(entry.suspended_before),
    )

"""Study statistics for `dlprep stats` and the TUI: today's counts, streak, true retention, totals.

`study_stats` gathers what the TUI's Stats screen draws: reviews and time per study day over
the last year, true retention over 30 days (overall, per deck, exercises), a 30-day forecast
of due cards, the streak, and the cards with the most lapses.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import fsrs

from dlprep.concepts.exercise_schedule import ExerciseSchedule
from dlprep.concepts.fsrs_adapter import study_day
from dlprep.concepts.records import CardRecord, ReviewEntry
from dlprep.concepts.session import StudySession

RETENTION_WINDOW = timedelta(days=30)


def true_retention(entries: list[ReviewEntry]) -> float | None:
    """Share of reviews of Review-state cards not rated Again (Anki's "true retention"); None without any."""
    graded = [
        entry
        for entry in entries
        if entry.state_before is not None and entry.state_before.state == fsrs.State.Review
    ]
    if not graded:
        return None
    return sum(1 for entry in graded if entry.rating != fsrs.Rating.Again) / len(graded)


def collect_stats(session: StudySession) -> dict[str, object]:
    """The figures `dlprep stats` prints, as a JSON-ready dict."""
    now = session.now()
    progress = session.progress()
    store = session.store
    records = store.card_records()
    card_ids = set(session.study_cards())
    today = [
        entry for entry in store.reviews_since(session.day_start()) if entry.card_id in card_ids
    ]
    exercises = ExerciseSchedule(session).stats()
    return {
        "reviews_today": progress.reviewed,
        "due_today": progress.due,
        "new_today": progress.new,
        "new_studied_today": sum(1 for entry in today if entry.state_before is None),
        "streak_days": progress.streak_days,
        "true_retention_30d": true_retention(store.reviews_since(now - RETENTION_WINDOW)),
        "total_reviews": store.total_reviews(),
        "cards": len(card_ids),
        "suspended": sum(
            1 for card_id, record in records.items() if card_id in card_ids and record.suspended
        ),
        "leeches": sum(
            1 for card_id, record in records.items() if card_id in card_ids and record.leech
        ),
        **exercises,
    }


EXERCISE_PREFIX = "exercise:"
"""Exercise ratings share the review log; their card ids start with this (`exercise:<id>`)."""
HEATMAP_DAYS = 365
FORECAST_DAYS = 30
HARDEST_COUNT = 10


@dataclass(frozen=True)
class Retention:
    """True retention over the last 30 days: overall, per deck id, and for exercises (None: no data)."""

    overall: float | None
    per_deck: dict[str, float | None]
    exercises: float | None


@dataclass(frozen=True)
class StudyStats:
    """What the Stats screen draws, by study day (the day rolls over at the learner's hour)."""

    today: date
    reviews_per_day: dict[date, int]  # the last year
    seconds_per_day: dict[date, float]  # the last year
    retention: Retention
    forecast: list[int]  # cards due on each of the next FORECAST_DAYS days; day 0 holds the overdue
    streak_days: int
    hardest: list[tuple[str, int]]  # (card id, lapses), most lapses first


def per_day(
    entries: Iterable[ReviewEntry], day_of: Callable[[datetime], date]
) -> tuple[dict[date, int], dict[date, float]]:
    """Reviews and seconds spent per study day."""
    counts: Counter[date] = Counter()
    seconds: defaultdict[date, float] = defaultdict(float)
    for entry in entries:
        day = day_of(entry.reviewed_at)
        counts[day] += 1
        seconds[day] += entry.duration_ms / 1000
    return dict(counts), dict(seconds)


def retention_breakdown(entries: Sequence[ReviewEntry], deck_of: Mapping[str, str]) -> Retention:
    """True retention of `entries` overall, per deck (`deck_of`: card id → deck id) and for exercises."""
    by_deck: defaultdict[str, list[ReviewEntry]] = defaultdict(list)
    for entry in entries:
        if entry.card_id in deck_of:
            by_deck[deck_of[entry.card_id]].append(entry)
    exercises = [entry for entry in entries if entry.card_id.startswith(EXERCISE_PREFIX)]
    decks = sorted(set(deck_of.values()))
    return Retention(
        overall=true_retention(list(entries)),
        per_deck={deck: true_retention(by_deck[deck]) for deck in decks},
        exercises=true_retention(exercises),
    )


def due_forecast(
    records: Iterable[CardRecord],
    today: date,
    day_of: Callable[[datetime], date],
    days: int = FORECAST_DAYS,
) -> list[int]:
    """Cards (not new, not suspended) due on each of the next `days` study days; overdue ones count today."""
    forecast = [0] * days
    for record in records:
        if record.fsrs_card is None or record.suspended:
            continue
        offset = max(0, (day_of(record.fsrs_card.due) - today).days)
        if offset < days:
            forecast[offset] += 1
    return forecast


def hardest_cards(
    records: Iterable[CardRecord], count: int = HARDEST_COUNT
) -> list[tuple[str, int]]:
    """The cards with the most lapses (at least one), most first, ties by id."""
    lapsed = [(record.card_id, record.lapses) for record in records if record.lapses > 0]
    return sorted(lapsed, key=lambda item: (-item[1], item[0]))[:count]


def study_stats(session: StudySession) -> StudyStats:
    """Everything the Stats screen shows, for the cards of the session's decks and the exercises."""
    now, store = session.now(), session.store
    settings = session.settings

    def day_of(moment: datetime) -> date:
        return study_day(moment, settings.day_starts_at_hour, session.zone)

    today = day_of(now)
    cards = session.study_cards()
    known = {card_id: card.deck_id for card_id, card in cards.items()}

    def counted(card_id: str) -> bool:
        return card_id in known or card_id.startswith(EXERCISE_PREFIX)

    year = [
        e for e in store.reviews_since(now - timedelta(days=HEATMAP_DAYS)) if counted(e.card_id)
    ]
    reviews, seconds = per_day(year, day_of)
    recent = [entry for entry in year if entry.reviewed_at >= now - RETENTION_WINDOW]
    records = [record for card_id, record in store.card_records().items() if counted(card_id)]
    return StudyStats(
        today=today,
        reviews_per_day=reviews,
        seconds_per_day=seconds,
        retention=retention_breakdown(recent, known),
        forecast=due_forecast(records, today, day_of),
        streak_days=session.progress().streak_days,
        hardest=hardest_cards(records),
    )

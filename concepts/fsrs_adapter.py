"""Scheduling on top of py-fsrs (FSRS-6): the scheduler for given settings, one review, study days, leeches.

* Interval fuzz is seeded from the card and its last review, so the interval previewed on a
  rating button is exactly the one that rating then gives.
* A study "day" starts at `day_starts_at_hour` local time (4 am by default, as in Anki); all
  stored times are UTC.
* Leeches follow Anki: a card becomes a leech when its lapses reach the threshold (8 by
  default) and again every half threshold after that; a leech is tagged "leech" and suspended.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta, tzinfo

import fsrs
from fsrs.scheduler import DEFAULT_PARAMETERS

from dlprep.concepts.settings import Settings

LEECH_TAG = "leech"


def utc_now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def build_scheduler(settings: Settings, *, steps: bool = True) -> fsrs.Scheduler:
    """An FSRS-6 scheduler with the learner's retention, steps and (if fitted) parameters.

    `steps=False` (exercises): no learning or relearning steps, so every rating schedules
    whole days; an exercise passed today is not due again ten minutes later.
    """
    return fsrs.Scheduler(
        parameters=settings.fsrs_parameters or DEFAULT_PARAMETERS,
        desired_retention=settings.desired_retention,
        learning_steps=tuple(
            timedelta(minutes=minutes) for minutes in settings.learning_steps_minutes
        )
        if steps
        else (),
        relearning_steps=tuple(
            timedelta(minutes=minutes) for minutes in settings.relearning_steps_minutes
        )
        if steps
        else (),
    )


def fsrs_card_id(card_id: str) -> int:
    """A stable integer id for fsrs.Card (which would otherwise sleep 1 ms to invent one)."""
    return int.from_bytes(hashlib.blake2b(card_id.encode(), digest_size=6).digest(), "big")


def review(
    scheduler: fsrs.Scheduler,
    card_id: str,
    state: fsrs.Card | None,
    rating: fsrs.Rating,
    now: datetime,
) -> fsrs.Card:
    """The card's FSRS state after `rating` at `now`; `state` None means a new card."""
    now = now.astimezone(UTC)
    current = state if state is not None else fsrs.Card(card_id=fsrs_card_id(card_id), due=now)
    with _seeded_fuzz(f"{card_id}|{current.last_review}|{current.step}"):
        reviewed, _ = scheduler.review_card(current, rating, review_datetime=now)
    return reviewed


@contextmanager
def _seeded_fuzz(seed: str) -> Iterator[None]:
    """py-fsrs draws its fuzz from the global `random`; seed it for one review, then restore it."""
    saved = random.getstate()
    random.seed(seed)
    try:
        yield
    finally:
        random.setstate(saved)


def is_lapse(state: fsrs.Card | None, rating: fsrs.Rating) -> bool:
    """Forgetting a card in the Review state (Again) is a lapse, as in Anki."""
    return state is not None and state.state == fsrs.State.Review and rating == fsrs.Rating.Again


def reaches_leech(lapses: int, threshold: int) -> bool:
    """Whether a card that now has `lapses` lapses turns (again) into a leech: at the threshold, then every half threshold."""
    if lapses < threshold:
        return False
    return (lapses - threshold) % max(threshold // 2, 1) == 0


def local_time(moment: datetime, zone: tzinfo | None) -> datetime:
    """`moment` in `zone`, or in the system's local zone when `zone` is None."""
    return moment.astimezone(zone) if zone is not None else moment.astimezone()


def study_day(moment: datetime, day_start_hour: int, zone: tzinfo | None) -> date:
    """The study day `moment` belongs to: the local date, counting hours before `day_start_hour` as the day before."""
    return (local_time(moment, zone) - timedelta(hours=day_start_hour)).date()


def day_start(day: date, day_start_hour: int, zone: tzinfo | None) -> datetime:
    """When study day `day` starts, in UTC."""
    if zone is not None:
        local = datetime.combine(day, time(day_start_hour), tzinfo=zone)
    else:
        local = datetime.combine(day, time(day_start_hour)).astimezone()
    return local.astimezone(UTC)


def day_bounds(
    now: datetime, day_start_hour: int, zone: tzinfo | None
) -> tuple[datetime, datetime]:
    """When the study day holding `now` starts and ends, in UTC."""
    today = study_day(now, day_start_hour, zone)
    return day_start(today, day_start_hour, zone), day_start(
        today + timedelta(days=1), day_start_hour, zone
    )


def format_interval(interval: timedelta) -> str:
    """A short interval label as on Anki's buttons: "<1m", "10m", "1h", "3d", "2.1mo", "1.3y"."""
    seconds = interval.total_seconds()
    if seconds < 60:
        return "<1m"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{_one_decimal(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{_one_decimal(days / 30)}mo"
    return f"{_one_decimal(days / 365)}y"


def _one_decimal(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")

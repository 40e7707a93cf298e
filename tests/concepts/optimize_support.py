"""A synthetic learner's review log for the optimizer tests (no store, no clock)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import fsrs
from fsrs.scheduler import DEFAULT_PARAMETERS


def forgetful_parameters() -> tuple[float, ...]:
    """A learner whose memories fade much faster than FSRS's default learner's."""
    params = list(DEFAULT_PARAMETERS)
    params[0:4] = [value / 6 for value in params[0:4]]  # initial stabilities, a sixth
    return tuple(params)


def synthetic_logs(cards: int, days: int, seed: int = 0) -> list[fsrs.ReviewLog]:
    """Reviews scheduled by default FSRS, recalled as the forgetful learner would recall them."""
    rng = random.Random(seed)
    truth = fsrs.Scheduler(parameters=forgetful_parameters(), enable_fuzzing=False)
    schedule = fsrs.Scheduler(enable_fuzzing=False)
    start = datetime(2026, 1, 1, 9, tzinfo=UTC)
    logs: list[fsrs.ReviewLog] = []
    for card_id in range(1, cards + 1):
        shown = fsrs.Card(card_id=card_id, due=start)
        memory = fsrs.Card(card_id=card_id, due=start)
        now = start + timedelta(minutes=rng.randrange(0, 600))
        while now < start + timedelta(days=days):
            recalled = (
                memory.last_review is not None
                and rng.random() < truth.get_card_retrievability(memory, now)
            )
            rating = fsrs.Rating.Good if recalled else fsrs.Rating.Again
            logs.append(fsrs.ReviewLog(card_id, rating, now, 6000))
            shown, _ = schedule.review_card(shown, rating, review_datetime=now)
            memory, _ = truth.review_card(memory, rating, review_datetime=now)
            now = max(shown.due, now + timedelta(minutes=1))
    return logs

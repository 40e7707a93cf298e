"""FSRS parameters fitted to the learner's own review log, and what a desired retention costs.

`dlprep optimize` runs this in its own process: fitting goes through `fsrs[optimizer]`, which
imports torch, and the TUI must never pay for torch. Nothing here imports fsrs's optimizer (or
torch) until `fit` is called.

Fitted parameters are kept only when they predict the learner's recalls better than the ones
in use: both are scored on the same log with the optimizer's own measure (log loss of the
predicted retrievability at each review that comes a day or more after the previous one) and
with RMSE. Below the optimizer's minimum (`MIN_REVIEWS` such reviews, one mini-batch of its
training loop) it would return its defaults unchanged, so the command refuses instead.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import fsrs

from dlprep.concepts.fsrs_adapter import fsrs_card_id
from dlprep.concepts.records import ReviewEntry

MIN_REVIEWS = 512  # fsrs.optimizer: fewer "review-state" reviews than one mini-batch -> defaults
RETENTIONS = (0.70, 0.75, 0.80, 0.85, 0.90, 0.95, 0.97)
_EPS = 1e-7


@dataclass(frozen=True)
class Fit:
    """How well a set of parameters predicts the learner's recalls (lower is better)."""

    log_loss: float
    rmse: float
    reviews: int


@dataclass(frozen=True)
class Workload:
    """Expected effort at one desired retention, from a simulation of the learner's cards."""

    retention: float
    reviews_per_day: float
    minutes_per_day: float


def review_logs(entries: Iterable[ReviewEntry]) -> list[fsrs.ReviewLog]:
    """The store's log as fsrs ReviewLogs (integer card ids as the scheduler uses them)."""
    return [
        fsrs.ReviewLog(
            card_id=fsrs_card_id(entry.card_id),
            rating=entry.rating,
            review_datetime=entry.reviewed_at.astimezone(UTC),
            review_duration=entry.duration_ms,
        )
        for entry in entries
    ]


def _histories(logs: Sequence[fsrs.ReviewLog]) -> dict[int, list[fsrs.ReviewLog]]:
    histories: dict[int, list[fsrs.ReviewLog]] = {}
    for log in logs:
        histories.setdefault(log.card_id, []).append(log)
    for history in histories.values():
        history.sort(key=lambda log: log.review_datetime)
    return histories


def countable_reviews(logs: Sequence[fsrs.ReviewLog]) -> int:
    """Reviews a day or more after the card's previous review: what the optimizer learns from."""
    return sum(
        1
        for history in _histories(logs).values()
        for before, after in zip(history, history[1:], strict=False)
        if (after.review_datetime - before.review_datetime).days > 0
    )


def evaluate(parameters: Sequence[float], logs: Sequence[fsrs.ReviewLog]) -> Fit:
    """Log loss and RMSE of the retrievability `parameters` predict at each countable review."""
    scheduler = fsrs.Scheduler(parameters=tuple(parameters), enable_fuzzing=False)
    loss = squared = 0.0
    count = 0
    for card_id, history in _histories(logs).items():
        card = fsrs.Card(card_id=card_id, due=history[0].review_datetime)
        for log in history:
            if card.last_review and (log.review_datetime - card.last_review).days > 0:
                predicted = scheduler.get_card_retrievability(card, log.review_datetime)
                predicted = min(max(predicted, _EPS), 1 - _EPS)
                recalled = 0.0 if log.rating == fsrs.Rating.Again else 1.0
                loss -= recalled * math.log(predicted) + (1 - recalled) * math.log(1 - predicted)
                squared += (predicted - recalled) ** 2
                count += 1
            card, _ = scheduler.review_card(card, log.rating, review_datetime=log.review_datetime)
    if count == 0:
        return Fit(math.nan, math.nan, 0)
    return Fit(loss / count, math.sqrt(squared / count), count)


def fit(logs: Sequence[fsrs.ReviewLog]) -> tuple[float, ...]:
    """Parameters fitted by fsrs's optimizer (imports torch). Raises ValueError below the minimum."""
    available = countable_reviews(logs)
    if available < MIN_REVIEWS:
        raise ValueError(
            f"the optimizer needs at least {MIN_REVIEWS} reviews made a day or more after the "
            f"card's previous review; your log has {available}"
        )
    from fsrs.optimizer import Optimizer

    return tuple(float(value) for value in Optimizer(list(logs)).compute_optimal_parameters())


def workload(
    parameters: Sequence[float],
    cards: int,
    seconds_per_review: float,
    retentions: Sequence[float] = RETENTIONS,
    days: int = 365,
    seed: int = 0,
) -> list[Workload]:
    """Average reviews and minutes per day over `days` for `cards` cards, per desired retention.

    A Monte Carlo simulation with the learner's parameters: each card is learnt on day 0 and
    reviewed when due; it is recalled with the probability FSRS predicts at that moment (rated
    Good) or forgotten (Again). Seeded, so the table is the same on every run.
    """
    rows: list[Workload] = []
    start = datetime(2025, 1, 1, tzinfo=UTC)
    end = start + timedelta(days=days)
    for retention in retentions:
        rng = random.Random(seed)
        scheduler = fsrs.Scheduler(
            parameters=tuple(parameters), desired_retention=retention, enable_fuzzing=False
        )
        reviews = 0
        for card_id in range(cards):
            card = fsrs.Card(card_id=card_id + 1, due=start)
            now = start
            while now < end:
                recalled = rng.random() < scheduler.get_card_retrievability(card, now)
                rating = (
                    fsrs.Rating.Good if recalled or card.last_review is None else fsrs.Rating.Again
                )
                card, _ = scheduler.review_card(card, rating, review_datetime=now)
                reviews += 1
                now = max(card.due, now + timedelta(minutes=1))
        per_day = reviews / days
        rows.append(Workload(retention, per_day, per_day * seconds_per_review / 60))
    return rows


def median_seconds(entries: Sequence[ReviewEntry], default: float = 8.0) -> float:
    """The learner's median time per review (seconds), for the workload table."""
    durations = sorted(entry.duration_ms for entry in entries if entry.duration_ms > 0)
    if not durations:
        return default
    return durations[len(durations) // 2] / 1000

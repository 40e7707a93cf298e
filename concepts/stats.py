"""Study statistics for `dlprep stats` and the TUI: today's counts, streak, true retention, totals."""

from __future__ import annotations

from datetime import timedelta

import fsrs

from dlprep.concepts.records import ReviewEntry
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
    today = store.reviews_since(session.day_start())
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
    }

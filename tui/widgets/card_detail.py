"""The card browser's detail pane: a card's text, states, next due date, linked exercises, full history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from textual.content import Content
from textual.widgets import Static

from dlprep.concepts.browse import card_states
from dlprep.concepts.model import Card
from dlprep.concepts.records import CardRecord, ReviewEntry
from dlprep.tui.labels import label
from dlprep.tui.widgets.rating_bar import RATING_LABEL_KEYS


def state_names(record: CardRecord, now: datetime, language: str) -> str:
    """The card's states, in `language` ("review · leech")."""
    return " · ".join(label(f"state.{name}", language) for name in card_states(record, now))


def due_text(record: CardRecord, language: str) -> str:
    """When the card is due next (local time), or "new"."""
    if record.fsrs_card is None:
        return label("state.new", language)
    return record.fsrs_card.due.astimezone().strftime("%Y-%m-%d %H:%M")


class CardDetail(Static):
    """Everything about one card; empty until a card is highlighted."""

    def show(
        self,
        card: Card,
        record: CardRecord,
        history: Sequence[ReviewEntry],
        now: datetime,
        language: str,
    ) -> None:
        """Display `card` with its `record` and review `history` (oldest first)."""
        lines: list[str | tuple[str, str]] = [
            (card.id, "bold"),
            f"\n{card.front_markdown(language)}",
            f"\n\n{label('browse.state', language)}: {state_names(record, now, language)}",
            f"\n{label('browse.next-due', language)}: {due_text(record, language)}",
            f"\n{label('browse.lapses', language)}: {record.lapses}",
            f"\n{label('browse.tags', language)}: {', '.join(card.tags)}",
            f"\n{label('browse.exercises', language)}: {', '.join(card.exercises) or '—'}",
            (f"\n\n{label('browse.history', language)} ({len(history)})", "bold"),
        ]
        for entry in history:
            moment = entry.reviewed_at.astimezone().strftime("%Y-%m-%d %H:%M")
            rating = label(RATING_LABEL_KEYS[entry.rating], language)
            interval = entry.state_after.due - entry.reviewed_at
            lines.append(
                f"\n{moment}  {rating:<6} → {interval.days}d  {entry.duration_ms / 1000:.0f}s"
            )
        self.update(Content.assemble(*lines))

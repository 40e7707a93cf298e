"""Helpers shared by the concepts tests: deck YAML builders and a clock that stands still."""

from __future__ import annotations

import json
from datetime import datetime, timedelta


class Clock:
    """A clock for StudySession that moves only when told to."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current += delta

    def set(self, moment: datetime) -> None:
        self.current = moment


def basic_card(card_id: str, **overrides: object) -> dict[str, object]:
    """A valid basic card as a plain dict; `overrides` replace or add fields (None removes one)."""
    card: dict[str, object] = {
        "id": card_id,
        "type": "basic",
        "tags": ["sgd"],
        "source": "000_e4a676a2436375e4.txt § 随机梯度下降",
        "front": {"en": f"Question {card_id}?", "zh": f"问题 {card_id}？"},
        "back": {"en": f"Answer {card_id}.", "zh": f"答案 {card_id}。"},
    }
    card.update(overrides)
    return {key: value for key, value in card.items() if value is not None}


def deck_yaml(deck_id: str, cards: list[dict[str, object]]) -> str:
    """Deck YAML with one card field per line (JSON values are valid YAML flow values)."""
    lines = ["deck:", f"  id: {deck_id}", "  title: {en: Title, zh: 标题}", "cards:"]
    for card in cards:
        first = True
        for key, value in card.items():
            lines.append(f"{'  - ' if first else '    '}{key}: {json.dumps(value, ensure_ascii=False)}")
            first = False
    return "\n".join(lines) + "\n"

"""The card browser's search: states of a card, and a query of words, `tag:`, `deck:` and `is:` terms.

`adam tag:optim deck:optimisation is:leech` finds the study cards whose text (English or
Chinese, front or back, or id) holds "adam", tagged "optim", in that deck, that are leeches.
Every term must match; words and values ignore case. States: new, learning, review,
suspended, buried, leech (a card may be in several: a suspended leech in review).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

import fsrs

from dlprep.concepts.model import Card
from dlprep.concepts.records import CardRecord

STATES = ("new", "learning", "review", "suspended", "buried", "leech")


def card_states(record: CardRecord, now: datetime) -> tuple[str, ...]:
    """The states `record` is in at `now`, in STATES order."""
    state = record.fsrs_card
    found = {
        "new": state is None,
        "learning": state is not None and state.state != fsrs.State.Review,
        "review": state is not None and state.state == fsrs.State.Review,
        "suspended": record.suspended,
        "buried": record.buried_until is not None and now < record.buried_until,
        "leech": record.leech,
    }
    return tuple(name for name in STATES if found[name])


@dataclass(frozen=True)
class Query:
    """A parsed search: every list must be matched (words by substring, the rest exactly)."""

    words: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    decks: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    problems: tuple[str, ...] = field(default=())


def parse_query(text: str) -> Query:
    """Split `text` into words and `tag:`/`deck:`/`is:` terms; an unknown state is a problem."""
    words: list[str] = []
    terms: dict[str, list[str]] = {"tag": [], "deck": [], "is": []}
    problems: list[str] = []
    for token in text.split():
        key, colon, value = token.partition(":")
        if colon and key.lower() in terms and value:
            terms[key.lower()].append(value.lower())
        else:
            words.append(token.lower())
    for state in terms["is"]:
        if state not in STATES:
            problems.append(f"is:{state}: the states are {', '.join(STATES)}")
    return Query(
        tuple(words), tuple(terms["tag"]), tuple(terms["deck"]), tuple(terms["is"]), tuple(problems)
    )


def _haystack(card: Card) -> str:
    choices = " ".join(f"{c.text.en} {c.text.zh}" for c in card.choices)
    return " ".join(
        (card.id, card.front.en, card.front.zh, card.back.en, card.back.zh, choices)
    ).lower()


def matches(card: Card, record: CardRecord, query: Query, now: datetime) -> bool:
    """Whether `card` (with its `record`) satisfies every term of `query`."""
    if query.tags and not set(query.tags) <= {tag.lower() for tag in card.tags}:
        return False
    if query.decks and card.deck_id.lower() not in query.decks:
        return False
    if query.states and not set(query.states) <= set(card_states(record, now)):
        return False
    text = _haystack(card) if query.words else ""
    return all(word in text for word in query.words)


def search(
    cards: Iterable[Card], records: Mapping[str, CardRecord], query: Query, now: datetime
) -> list[Card]:
    """The cards matching `query`, in the order given."""
    return [
        card
        for card in cards
        if matches(card, records.get(card.id, CardRecord(card.id)), query, now)
    ]

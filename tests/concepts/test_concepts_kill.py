"""A killed process loses no rating: a real child process rates cards, is killed with SIGKILL
mid-session, and every rating it reported as done is in the reopened store."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from concepts_support import basic_card, deck_yaml

from dlprep.concepts.store import Store

CARDS = 200
KILL_AFTER = 25

RATER = """
import sys
from pathlib import Path
from dlprep.concepts.decks import load_decks
from dlprep.concepts.session import Rating, StudySession
from dlprep.concepts.settings import Settings
from dlprep.concepts.store import Store

decks = load_decks([Path(sys.argv[1])]).decks
with Store.open() as store:
    session = StudySession(store, decks, Settings(new_cards_per_day=1000))
    while (card := session.next_card()) is not None:
        session.rate(card, Rating.Good, 1.0)
        print(card.id, flush=True)  # only after rate() returned, i.e. after the commit
"""


def test_kill_9_mid_session_loses_no_rating(tmp_path: Path, isolated_dlprep_home: Path) -> None:
    deck = tmp_path / "many.yaml"
    deck.write_text(
        deck_yaml("many", [basic_card(f"card-{index:03d}") for index in range(CARDS)]),
        encoding="utf-8",
    )
    child = subprocess.Popen(
        [sys.executable, "-c", RATER, str(deck)],
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    assert child.stdout is not None
    reported = [child.stdout.readline().strip() for _ in range(KILL_AFTER)]
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)
    reported += [line.strip() for line in child.stdout if line.strip()]
    assert child.returncode == -signal.SIGKILL
    assert len(reported) < CARDS, "the child finished before it was killed: nothing was proved"

    with sqlite3.connect(isolated_dlprep_home / "dlprep.sqlite3") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with Store.open() as store:
        logged = [entry.card_id for entry in store.reviews_since(datetime(2000, 1, 1, tzinfo=UTC))]
        states = store.card_records()
    assert logged[: len(reported)] == reported
    assert (
        len(logged) - len(reported) <= 1
    )  # at most the rating committed just before the kill, not yet printed
    assert all(states[card_id].fsrs_card is not None for card_id in logged)

"""The database schema as an ordered list of migrations; `schema_version` records how far a file is.

Migration N takes a file from version N-1 to N. Each runs in its own transaction together with
the version bump, so a file is always at a whole version. Never edit a released migration:
append a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from dlprep.concepts.transaction import write_transaction

Step = str | Callable[[sqlite3.Connection], None]
"""One step of a migration: an SQL statement, or a function of the connection for data moves."""


def _cloze_progress_to_c1(connection: sqlite3.Connection) -> None:
    """Move each built-in cloze card's progress (state and log) to its first deletion's card, `<id>::c1`.

    Cloze cards are studied per deletion since this migration (cloze.py); a learner's earlier
    reviews of the whole card carry over to `::c1`. Guarded by the data: only ids that are cloze
    cards and whose `::c1` card has no state yet move, so running it twice (or after other
    migrations, in any order) changes nothing more.
    """
    from dlprep.concepts.cloze import cloze_card_id  # lazy: decks are parsed only when migrating
    from dlprep.concepts.decks import load_decks

    cloze_ids = [
        card.id for deck in load_decks().decks for card in deck.cards if card.type == "cloze"
    ]
    for card_id in cloze_ids:
        target = cloze_card_id(card_id, 1)
        taken = connection.execute(
            "SELECT 1 FROM card_state WHERE card_id = ?", (target,)
        ).fetchone()
        if taken is not None:
            continue
        connection.execute("UPDATE card_state SET card_id = ? WHERE card_id = ?", (target, card_id))
        connection.execute("UPDATE review_log SET card_id = ? WHERE card_id = ?", (target, card_id))


MIGRATIONS: tuple[tuple[Step, ...], ...] = (
    # 1: settings, card states with bury/suspend/leech flags, the full review log.
    (
        """CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL              -- JSON
        )""",
        """CREATE TABLE card_state (
            card_id TEXT PRIMARY KEY,        -- the deck card id (stable)
            fsrs_card TEXT,                  -- fsrs Card.to_dict() as JSON; NULL while the card is new
            lapses INTEGER NOT NULL DEFAULT 0,
            leech INTEGER NOT NULL DEFAULT 0,
            suspended INTEGER NOT NULL DEFAULT 0,
            buried_until TEXT                -- UTC ISO 8601; hidden while now < buried_until
        )""",
        """CREATE TABLE review_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            card_id TEXT NOT NULL,
            reviewed_at TEXT NOT NULL,       -- UTC ISO 8601, microseconds
            rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
            state_before TEXT,               -- fsrs Card.to_dict() JSON; NULL for a new card
            state_after TEXT NOT NULL,       -- fsrs Card.to_dict() JSON
            duration_ms INTEGER NOT NULL,
            lapses_before INTEGER NOT NULL,  -- with the two flags below: what undo restores
            leech_before INTEGER NOT NULL,
            suspended_before INTEGER NOT NULL
        )""",
        "CREATE INDEX review_log_by_card ON review_log (card_id)",
        "CREATE INDEX review_log_by_time ON review_log (reviewed_at)",
    ),
    # 2: exercise drafts (saved as typed) and every graded attempt. An exercise's schedule and
    # ratings live in card_state/review_log under the card id "exercise:<id>".
    (
        """CREATE TABLE exercise_draft (
            exercise_id TEXT PRIMARY KEY,
            code TEXT NOT NULL,
            cursor_row INTEGER NOT NULL DEFAULT 0,
            cursor_column INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL         -- UTC ISO 8601
        )""",
        """CREATE TABLE exercise_attempt (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            exercise_id TEXT NOT NULL,
            code TEXT NOT NULL,
            report TEXT NOT NULL,            -- the grader's report JSON (or a verdict of the worker)
            score REAL NOT NULL,
            max_score REAL NOT NULL,
            passed INTEGER NOT NULL,
            started_at TEXT NOT NULL,        -- UTC ISO 8601
            finished_at TEXT NOT NULL,
            duration_ms INTEGER NOT NULL,
            rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 4),
            review_id INTEGER                -- the review_log row of the rating, once committed
        )""",
        "CREATE INDEX exercise_attempt_by_exercise ON exercise_attempt (exercise_id, id)",
        "CREATE INDEX exercise_attempt_by_time ON exercise_attempt (finished_at)",
    ),
    # Cloze cards studied per deletion: earlier progress of a cloze card moves to `<id>::c1`.
    (_cloze_progress_to_c1,),
)


def latest_version() -> int:
    """The schema version this dlprep writes."""
    return len(MIGRATIONS)


def current_version(connection: sqlite3.Connection) -> int | None:
    """The file's schema version; 0 for an empty file; None when it holds tables but no version."""
    tables = {
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    if "schema_version" in tables:
        row = connection.execute("SELECT version FROM schema_version").fetchone()
        return int(row[0]) if row is not None else 0
    user_tables = {name for name in tables if not name.startswith("sqlite_")}
    return None if user_tables else 0


def migrate(
    connection: sqlite3.Connection, from_version: int, to_version: int | None = None
) -> None:
    """Apply every migration after `from_version` (up to `to_version`, default the latest) in
    order, each in its own transaction (autocommit connection)."""
    last = latest_version() if to_version is None else to_version
    for version in range(from_version + 1, last + 1):
        create: tuple[Step, ...] = (
            ("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",)
            if version == 1
            else ()
        )
        statements = (
            create
            + MIGRATIONS[version - 1]
            + (
                "DELETE FROM schema_version",
                f"INSERT INTO schema_version (version) VALUES ({version})",
            )
        )
        with write_transaction(connection):
            for statement in statements:
                if callable(statement):
                    statement(connection)
                else:
                    connection.execute(statement)

"""The SQLite store: one file holding settings, card states and the full review log.

The file is opened in WAL mode with `synchronous=FULL`; every write is its own transaction,
committed before the method returns, so a killed process loses no rating. Any SQLite failure
(corrupt file, locked database, read-only directory, a schema from a newer dlprep) becomes a
StoreError whose text is a complete message for the user; a file that cannot be used is never
written to.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Callable, Collection, Iterator
from contextlib import AbstractContextManager
from datetime import date, datetime
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from dlprep.concepts.migrations import current_version, latest_version, migrate
from dlprep.concepts.records import (
    CARD_COLUMNS,
    REVIEW_COLUMNS,
    CardRecord,
    ReviewEntry,
    card_from_row,
    card_to_row,
    review_from_row,
    review_to_row,
    text_to_time,
    time_to_text,
)
from dlprep.concepts.settings import Settings
from dlprep.concepts.transaction import write_transaction
from dlprep.env import HOME_ENV
from dlprep.paths import database_path

DEFAULT_BUSY_TIMEOUT_S = 2.0
EXTRA_NEW_KEY = "custom_study.extra_new_cards"
"""Settings-table key of today's extra new cards: {"day": "YYYY-MM-DD", "count": N} (not a Setting)."""

_P = ParamSpec("_P")
_R = TypeVar("_R")


class StoreError(Exception):
    """The store cannot be used or written; `str(error)` is a complete user-facing message."""


def describe_sqlite_error(error: sqlite3.Error, path: Path) -> str:
    """A user-facing sentence for a SQLite failure on `path`."""
    text = str(error).lower()
    if "not a database" in text or "malformed" in text:
        return (
            f"{path} is not a readable dlprep database (it is corrupt or another kind of file). "
            "It was left untouched: move it away to start afresh, or restore a backup."
        )
    if "locked" in text or "busy" in text:
        return f"{path} is locked by another program (another dlprep?). Close it and try again."
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return (
            f"cannot write {path}: the file or its directory is read-only. "
            f"Make it writable or set {HOME_ENV} to a writable directory."
        )
    return f"database error in {path}: {error}"


def _guarded(method: Callable[Concatenate[Store, _P], _R]) -> Callable[Concatenate[Store, _P], _R]:
    """Turn SQLite errors raised by a Store method into StoreError."""

    def wrapper(store: Store, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(store, *args, **kwargs)
        except sqlite3.Error as error:
            raise StoreError(describe_sqlite_error(error, store.path)) from error

    functools.update_wrapper(wrapper, method)
    return wrapper


class Store:
    """An open dlprep database. Use `Store.open()`; close it (or use `with`) when done."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._connection = connection
        self.path = path

    @classmethod
    def open(
        cls,
        path: Path | None = None,
        *,
        timeout: float = DEFAULT_BUSY_TIMEOUT_S,
        read_only: bool = False,
    ) -> Store:
        """Open (creating and migrating unless `read_only`) the database at `path` or `database_path()`.

        Raises StoreError when the file is corrupt, locked, from a newer dlprep, or cannot be written.
        """
        path = Path(path) if path is not None else database_path()
        if path.exists() and not path.is_file():
            raise StoreError(
                f"{path} is not a file; dlprep keeps its database there. Move it away."
            )
        if read_only:
            return cls._open_read_only(path, timeout)
        _make_parent(path)
        return cls._connect(path, str(path), timeout, read_only=False)

    @classmethod
    def _open_read_only(cls, path: Path, timeout: float) -> Store:
        if not path.exists():
            raise StoreError(f"no study data at {path} yet")
        uri = path.resolve().as_uri()
        try:
            return cls._connect(path, f"{uri}?mode=ro", timeout, read_only=True)
        except StoreError as error:
            if "unable to open" not in str(error.__cause__):
                raise
        # A WAL file in a read-only directory: SQLite cannot create its shared-memory index there,
        # so read the file as immutable (nothing can write it anyway).
        return cls._connect(path, f"{uri}?immutable=1", timeout, read_only=True)

    @classmethod
    def _connect(cls, path: Path, target: str, timeout: float, *, read_only: bool) -> Store:
        try:
            connection = sqlite3.connect(
                target, timeout=timeout, isolation_level=None, uri=read_only
            )
        except sqlite3.Error as error:
            raise StoreError(describe_sqlite_error(error, path)) from error
        store = cls(connection, path)
        try:
            store._prepare(read_only)
        except BaseException:
            connection.close()
            raise
        return store

    @classmethod
    def in_memory(cls) -> Store:
        """An empty store that lives only in memory (nothing is written to disk)."""
        store = cls(sqlite3.connect(":memory:", isolation_level=None), Path(":memory:"))
        store._prepare(read_only=False)
        return store

    @_guarded
    def _prepare(self, read_only: bool) -> None:
        connection = self._connection
        connection.row_factory = sqlite3.Row
        version = current_version(connection)  # the first read: fails here on a corrupt file
        if version is None:
            raise StoreError(
                f"{self.path} is not a dlprep database (it has other tables). It was left untouched."
            )
        if version > latest_version():
            raise StoreError(
                f"{self.path} was written by a newer dlprep (schema {version}; this version knows up to "
                f"{latest_version()}). Upgrade dlprep; the file was left untouched."
            )
        if read_only:
            if version < latest_version():
                raise StoreError(
                    f"{self.path} needs upgrading: run dlprep once with write access to it."
                )
            return
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        migrate(connection, version)
        # Proves now, not at the first rating, that the file can be written.
        with self._transaction():
            pass

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """One committed write transaction, for the store's companion tables (exercise_log.py)."""
        return self._transaction()

    def query(self, sql: str, parameters: tuple[object, ...] = ()) -> list[sqlite3.Row]:
        """Rows of one read-only statement (callers turn sqlite3.Error into StoreError)."""
        return self._connection.execute(sql, parameters).fetchall()

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """One write transaction, committed when the block ends (rolled back on an exception)."""
        return write_transaction(self._connection)

    # Settings

    @_guarded
    def load_settings(self) -> Settings:
        """The saved settings (defaults for anything never saved)."""
        values = {
            row["key"]: json.loads(row["value"])
            for row in self._connection.execute("SELECT key, value FROM settings")
        }
        try:
            return Settings.from_dict(values)
        except ValueError as error:
            raise StoreError(f"the settings saved in {self.path} are invalid: {error}") from error

    @_guarded
    def save_settings(self, settings: Settings) -> None:
        rows = [(key, json.dumps(value)) for key, value in settings.to_dict().items()]
        with self._transaction() as connection:
            connection.executemany(
                "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", rows
            )

    @_guarded
    def extra_new_cards(self, day: date) -> int:
        """Extra new cards allowed on study day `day` (custom study); 0 unless some were added."""
        row = self._connection.execute(
            "SELECT value FROM settings WHERE key = ?", (EXTRA_NEW_KEY,)
        ).fetchone()
        if row is None:
            return 0
        value = json.loads(row["value"])
        if not isinstance(value, dict) or value.get("day") != day.isoformat():
            return 0
        count = value.get("count")
        return count if isinstance(count, int) and count > 0 else 0

    @_guarded
    def save_extra_new_cards(self, day: date, count: int) -> None:
        value = json.dumps({"day": day.isoformat(), "count": count})
        with self._transaction() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (EXTRA_NEW_KEY, value)
            )

    # Card states

    @_guarded
    def card_records(self) -> dict[str, CardRecord]:
        """Every card the store knows about, by card id."""
        rows = self._connection.execute(f"SELECT {CARD_COLUMNS} FROM card_state")
        return {row["card_id"]: card_from_row(row) for row in rows}

    @_guarded
    def card_record(self, card_id: str) -> CardRecord:
        """The card's record; a blank (new) one if the store has never seen it."""
        row = self._connection.execute(
            f"SELECT {CARD_COLUMNS} FROM card_state WHERE card_id = ?", (card_id,)
        ).fetchone()
        return card_from_row(row) if row is not None else CardRecord(card_id)

    @_guarded
    def save_card(self, record: CardRecord) -> None:
        with self._transaction() as connection:
            _upsert_card(connection, record)

    # The review log

    @_guarded
    def save_review(self, entry: ReviewEntry, after: CardRecord) -> int:
        """Append `entry` to the log and store the card's new state, in one committed transaction."""
        with self._transaction() as connection:
            cursor = connection.execute(
                f"INSERT INTO review_log ({REVIEW_COLUMNS.removeprefix('id, ')}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                review_to_row(entry),
            )
            _upsert_card(connection, after)
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    @_guarded
    def last_review(self, card_ids: Collection[str]) -> ReviewEntry | None:
        """The most recent log entry for any of `card_ids`."""
        for row in self._connection.execute(
            f"SELECT {REVIEW_COLUMNS} FROM review_log ORDER BY id DESC"
        ):
            if row["card_id"] in card_ids:
                return review_from_row(row)
        return None

    @_guarded
    def undo_review(self, entry: ReviewEntry) -> None:
        """Delete `entry` from the log and put its card back as it was before, in one transaction."""
        with self._transaction() as connection:
            connection.execute("DELETE FROM review_log WHERE id = ?", (entry.id,))
            row = connection.execute(
                "SELECT buried_until FROM card_state WHERE card_id = ?", (entry.card_id,)
            ).fetchone()
            buried_until = (
                text_to_time(row["buried_until"])
                if row is not None and row["buried_until"]
                else None
            )
            _upsert_card(connection, entry.record_before(buried_until))

    @_guarded
    def reviews_since(self, start: datetime) -> list[ReviewEntry]:
        """Every log entry at or after `start`, oldest first."""
        rows = self._connection.execute(
            f"SELECT {REVIEW_COLUMNS} FROM review_log WHERE reviewed_at >= ? ORDER BY reviewed_at, id",
            (time_to_text(start),),
        )
        return [review_from_row(row) for row in rows]

    @_guarded
    def reviews_of(self, card_id: str) -> list[ReviewEntry]:
        """The card's whole review history, oldest first."""
        rows = self._connection.execute(
            f"SELECT {REVIEW_COLUMNS} FROM review_log WHERE card_id = ? ORDER BY reviewed_at, id",
            (card_id,),
        )
        return [review_from_row(row) for row in rows]

    def review_times_newest_first(self) -> Iterator[datetime]:
        """The time of every review, newest first, read lazily (stop iterating when you have enough)."""
        try:
            for row in self._connection.execute(
                "SELECT reviewed_at FROM review_log ORDER BY reviewed_at DESC"
            ):
                yield text_to_time(row["reviewed_at"])
        except sqlite3.Error as error:
            raise StoreError(describe_sqlite_error(error, self.path)) from error

    @_guarded
    def total_reviews(self) -> int:
        return int(self._connection.execute("SELECT count(*) FROM review_log").fetchone()[0])


def _upsert_card(connection: sqlite3.Connection, record: CardRecord) -> None:
    connection.execute(
        f"INSERT OR REPLACE INTO card_state ({CARD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
        card_to_row(record),
    )


def _make_parent(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(
            f"cannot create the data directory {path.parent}: {error.strerror or error}. "
            f"Set {HOME_ENV} to a writable directory."
        ) from error

"""The SQLite store: WAL and schema version, the review log's contents, and unusable files
(corrupt, locked, newer schema, foreign, read-only) giving a StoreError while staying untouched."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from concepts_support import file_snapshot, run_with_read_only_dir

from dlprep import paths
from dlprep.concepts import migrations
from dlprep.concepts.migrations import latest_version
from dlprep.concepts.model import Deck
from dlprep.concepts.session import Rating, StudySession
from dlprep.concepts.settings import Settings
from dlprep.concepts.store import Store, StoreError

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path)


def test_a_new_store_uses_wal_and_records_its_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "dir" / "dlprep.sqlite3"
    Store.open(path).close()
    with raw(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert connection.execute("SELECT version FROM schema_version").fetchall() == [
            (latest_version(),)
        ]
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    assert {"settings", "card_state", "review_log", "schema_version"} <= tables


def test_migrations_run_in_order_and_keep_the_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "dlprep.sqlite3"
    with Store.open(path) as store:
        store.save_settings(Settings(language="zh"))
    extra = (
        ("ALTER TABLE settings ADD COLUMN note TEXT", "UPDATE settings SET note = 'two'"),
        ("UPDATE settings SET note = note || ', three'",),
    )
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS + extra)
    with Store.open(path) as store:
        assert store.load_settings().language == "zh"
    with raw(path) as connection:
        assert connection.execute("SELECT version FROM schema_version").fetchall() == [
            (latest_version(),)
        ]
        assert {row[0] for row in connection.execute("SELECT note FROM settings")} == {"two, three"}
    connection.close()


def test_a_file_of_an_older_schema_cannot_be_upgraded_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "dlprep.sqlite3"
    Store.open(path).close()
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS + (("SELECT 1",),))
    with pytest.raises(StoreError, match="needs upgrading"):
        Store.open(path, read_only=True)


def test_the_default_path_follows_dlprep_home(isolated_dlprep_home: Path) -> None:
    assert paths.database_path() == isolated_dlprep_home / "dlprep.sqlite3"
    with Store.open() as store:
        assert store.path == isolated_dlprep_home / "dlprep.sqlite3"
    assert paths.database_path().is_file()


def test_without_dlprep_home_the_platform_data_dir_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DLPREP_HOME")
    assert paths.data_dir().name == "dlprep"


def test_reopening_keeps_everything(store: Store, small_decks: list[Deck], clock) -> None:
    session = StudySession(store, small_decks, Settings(), now=clock, zone=UTC)
    session.rate(session.next_card(), Rating.Hard, 4.0)
    session.suspend(small_decks[1].cards[0])
    store.close()
    with Store.open(store.path) as reopened:
        assert reopened.total_reviews() == 1
        assert reopened.card_record("b1").suspended
        assert reopened.card_record("a1").fsrs_card is not None


def test_the_review_log_keeps_utc_times_states_and_duration(
    store: Store, small_decks: list[Deck], clock
) -> None:
    session = StudySession(store, small_decks, Settings(), now=clock, zone=UTC)
    card = session.next_card()
    session.rate(card, Rating.Good, 1.25)
    session.rate(card, Rating.Again, 0.5)
    with raw(store.path) as connection:
        rows = connection.execute(
            "SELECT card_id, reviewed_at, rating, state_before, state_after, duration_ms FROM review_log ORDER BY id"
        ).fetchall()
    assert [(row[0], row[1], row[2], row[5]) for row in rows] == [
        ("a1", "2025-03-03T12:00:00.000000+00:00", 3, 1250),
        ("a1", "2025-03-03T12:00:00.000000+00:00", 1, 500),
    ]
    assert rows[0][3] is None
    assert json.loads(rows[1][3]) == json.loads(
        rows[0][4]
    )  # the state after the first is the state before the second
    assert set(json.loads(rows[1][4])) == {
        "card_id",
        "state",
        "step",
        "stability",
        "difficulty",
        "due",
        "last_review",
    }


def test_an_in_memory_store_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with Store.in_memory() as store:
        assert store.total_reviews() == 0 and store.load_settings() == Settings()
    assert list(tmp_path.iterdir()) == []


def test_a_corrupt_file_is_a_store_error_and_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "dlprep.sqlite3"
    path.write_bytes(b"definitely not SQLite " * 200)
    before = file_snapshot(tmp_path)
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    assert str(caught.value).startswith(f"{path} is not a readable dlprep database")
    assert "left untouched" in str(caught.value)
    assert file_snapshot(tmp_path) == before


def test_a_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "dlprep.sqlite3"
    with raw(path) as connection:
        connection.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        connection.execute("INSERT INTO schema_version VALUES (?)", (latest_version() + 1,))
    connection.close()
    before = file_snapshot(tmp_path)
    with pytest.raises(StoreError, match=f"newer dlprep \\(schema {latest_version() + 1}"):
        Store.open(path)
    assert file_snapshot(tmp_path) == before


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "dlprep.sqlite3"
    with raw(path) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER)")
    connection.close()
    before = file_snapshot(tmp_path)
    with pytest.raises(StoreError, match="not a dlprep database"):
        Store.open(path)
    assert file_snapshot(tmp_path) == before


def test_a_directory_in_place_of_the_file(tmp_path: Path) -> None:
    (tmp_path / "dlprep.sqlite3").mkdir()
    with pytest.raises(StoreError, match="is not a file"):
        Store.open(tmp_path / "dlprep.sqlite3")


def test_a_locked_database_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "dlprep.sqlite3"
    Store.open(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="is locked by another program"):
            Store.open(path, timeout=0.05)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_rating_while_locked_fails_cleanly_and_loses_nothing(
    tmp_path: Path, small_decks: list[Deck], clock
) -> None:
    path = tmp_path / "dlprep.sqlite3"
    with Store.open(path, timeout=0.05) as store:
        session = StudySession(store, small_decks, Settings(), now=clock, zone=UTC)
        session.rate(session.next_card(), Rating.Good, 1)
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        with pytest.raises(StoreError, match="locked"):
            session.rate(session.next_card(), Rating.Good, 1)
        holder.execute("ROLLBACK")
        holder.close()
        assert store.total_reviews() == 1
        session.rate(session.next_card(), Rating.Good, 1)
        assert store.total_reviews() == 2


def test_read_only_mode_never_creates_a_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no study data"):
        Store.open(tmp_path / "dlprep.sqlite3", read_only=True)
    assert list(tmp_path.iterdir()) == []


READ_ONLY_PROBE = """
from dlprep.concepts.store import Store, StoreError
try:
    Store.open()
except StoreError as error:
    print("write:", error)
try:
    with Store.open(read_only=True) as store:
        print("read:", store.total_reviews())
except StoreError as error:
    print("read:", error)
"""


def test_a_read_only_data_dir_is_a_store_error_but_can_still_be_read(
    isolated_dlprep_home: Path, small_decks: list[Deck], clock
) -> None:
    with Store.open() as store:
        session = StudySession(store, small_decks, Settings(), now=clock, zone=UTC)
        session.rate(session.next_card(), Rating.Good, 1)
    before = file_snapshot(isolated_dlprep_home)
    result = run_with_read_only_dir(isolated_dlprep_home, ["-c", READ_ONLY_PROBE], {})
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    write_line, read_line = result.stdout.splitlines()
    assert write_line.startswith("write: cannot write") and "read-only" in write_line
    assert read_line == "read: 1"
    assert file_snapshot(isolated_dlprep_home) == before


def test_an_empty_read_only_data_dir(isolated_dlprep_home: Path) -> None:
    result = run_with_read_only_dir(isolated_dlprep_home, ["-c", READ_ONLY_PROBE], {})
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert result.stdout.splitlines()[0].startswith("write: cannot write")
    assert list(isolated_dlprep_home.iterdir()) == []

"""All of a learner's progress as one JSON file, and back: every table of the store, exactly.

    {"format": "dlprep-backup", "schema_version": 2, "dlprep_version": "0.1.0",
     "tables": {"settings": {"columns": [...], "rows": [[...], ...]}, "review_log": ..., ...}}

The export dumps every table the migrations created (settings, card states, the review log,
exercise drafts and attempts, and whatever later migrations add), so a new table is backed up
without touching this module. Values are SQLite's own (text, integers, reals, NULL; a BLOB as
{"$blob": base64}), so a round trip is exact.

Import builds a fresh database beside the store: the migrations up to the backup's schema, the
rows, then the migrations to this dlprep's schema. Only then does it replace the store, keeping
the old file as `<store>.before-import-<time>`: a bad backup or a crash halfway leaves the
learner's store as it was.
"""

from __future__ import annotations

import base64
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TypedDict

from dlprep import __version__
from dlprep.concepts.migrations import current_version, latest_version, migrate

FORMAT = "dlprep-backup"
_SKIPPED_TABLES = ("schema_version",)
Value = str | int | float | None | dict[str, str]


class TableDump(TypedDict):
    columns: list[str]
    rows: list[list[Value]]


class Backup(TypedDict):
    format: str
    schema_version: int
    dlprep_version: str
    exported_at: str
    tables: dict[str, TableDump]


class BackupError(ValueError):
    """A backup file that cannot be restored (named field, nothing changed)."""


def _tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    return [row[0] for row in rows if row[0] not in _SKIPPED_TABLES]


def _columns(connection: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]


def _encode(value: object) -> Value:
    if isinstance(value, bytes):
        return {"$blob": base64.b64encode(value).decode("ascii")}
    assert value is None or isinstance(value, (str, int, float))
    return value


def _decode(value: Value) -> object:
    if isinstance(value, dict):
        return base64.b64decode(value["$blob"])
    return value


def export_backup(database: Path) -> Backup:
    """Every table of the store at `database` (opened read-only)."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        version = current_version(connection) or 0
        tables: dict[str, TableDump] = {}
        for table in _tables(connection):
            columns = _columns(connection, table)
            quoted = ", ".join(f'"{column}"' for column in columns)
            rows = connection.execute(f'SELECT {quoted} FROM "{table}" ORDER BY rowid')
            tables[table] = {
                "columns": columns,
                "rows": [[_encode(value) for value in row] for row in rows],
            }
    finally:
        connection.close()
    return {
        "format": FORMAT,
        "schema_version": version,
        "dlprep_version": __version__,
        "exported_at": datetime.now(UTC).isoformat(),
        "tables": tables,
    }


def import_backup(backup: object, database: Path) -> Path | None:
    """Replace the store at `database` by the backup; the path the old store was kept at (if any)."""
    data = _checked(backup)
    staging = database.with_name(f"{database.name}.importing")
    staging.unlink(missing_ok=True)
    connection = sqlite3.connect(staging, isolation_level=None)
    try:
        migrate(connection, 0, to_version=data["schema_version"])
        _load_rows(connection, data)
        migrate(connection, data["schema_version"])
    except (sqlite3.Error, BackupError) as error:
        connection.close()
        staging.unlink(missing_ok=True)
        raise BackupError(f"the backup does not fit the schema: {error}") from None
    connection.close()
    kept = None
    if database.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        kept = database.with_name(f"{database.name}.before-import-{stamp}")
        os.replace(database, kept)
        for suffix in ("-wal", "-shm"):
            database.with_name(database.name + suffix).unlink(missing_ok=True)
    os.replace(staging, database)
    return kept


def _load_rows(connection: sqlite3.Connection, data: Backup) -> None:
    expected = set(_tables(connection))
    if set(data["tables"]) != expected:
        raise BackupError(
            f"tables {sorted(data['tables'])} do not match schema {data['schema_version']}'s "
            f"{sorted(expected)}"
        )
    connection.execute("BEGIN")
    for table, dump in data["tables"].items():
        columns = _columns(connection, table)
        if dump["columns"] != columns:
            raise BackupError(f"table {table}: columns {dump['columns']} are not {columns}")
        marks = ", ".join("?" for _ in columns)
        quoted = ", ".join(f'"{column}"' for column in columns)
        connection.executemany(
            f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})',
            ([_decode(value) for value in row] for row in dump["rows"]),
        )
    connection.execute("COMMIT")


def _checked(backup: object) -> Backup:
    """The backup if its outline is right; BackupError naming the first wrong field."""
    if not isinstance(backup, dict) or backup.get("format") != FORMAT:
        raise BackupError(f"not a dlprep backup (format is not {FORMAT!r})")
    version = backup.get("schema_version")
    if not isinstance(version, int) or not 1 <= version <= latest_version():
        raise BackupError(
            f"schema_version: {version!r} is not one this dlprep can read (1 to {latest_version()})"
        )
    tables = backup.get("tables")
    if not isinstance(tables, dict):
        raise BackupError("tables: expected an object of tables")
    for name, dump in tables.items():
        if not (
            isinstance(dump, dict)
            and isinstance(dump.get("columns"), list)
            and isinstance(dump.get("rows"), list)
            and all(isinstance(row, list) for row in dump["rows"])
        ):
            raise BackupError(f"tables.{name}: expected columns and rows lists")
    return backup  # type: ignore[return-value]  # checked field by field above

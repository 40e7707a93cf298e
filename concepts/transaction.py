"""The one way dlprep writes to SQLite: an explicit `BEGIN IMMEDIATE` ... `COMMIT` block.

Connections are opened in autocommit mode (`isolation_level=None`), so nothing is written
except inside `write_transaction`; the store's writes and each schema migration use it, and a
killed process leaves either the whole block or none of it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def write_transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction, committed when the block ends (rolled back on any exception).

    IMMEDIATE takes the write lock at once, so a second dlprep waits (busy timeout) or fails
    here, before any statement of the block runs.
    """
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")

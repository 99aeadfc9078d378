"""SQLite schema migrations: an ordered list of versions, applied in one transaction on open.

The ``schema_version`` table records every version applied. Opening is idempotent: versions
already recorded are skipped. A database written by a newer ting (a recorded version this code
does not know) is refused with ``StoreError`` rather than risk corrupting it.

To change the schema, append a ``Migration`` with the next version number; never edit one that
has shipped.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass

from ting.errors import StoreError

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class Migration:
    version: int
    """Strictly increasing, starting at 1."""
    description: str
    statements: tuple[str, ...]
    """SQL statements, run in order inside the migration transaction."""


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        version=1,
        description="namespaced JSON key-value table",
        statements=(
            """
            CREATE TABLE kv (
                namespace TEXT NOT NULL,
                key TEXT NOT NULL,
                value TEXT NOT NULL,
                updated_at_unix REAL NOT NULL,
                PRIMARY KEY (namespace, key)
            ) WITHOUT ROWID
            """,
        ),
    ),
    Migration(
        version=2,
        description="alarms, timers and reminders (server.alarms.store)",
        statements=(
            """
            CREATE TABLE alarm_items (
                id TEXT PRIMARY KEY,
                household TEXT NOT NULL,
                kind TEXT NOT NULL,
                site_id TEXT NOT NULL,
                state TEXT NOT NULL,
                due_unix REAL NOT NULL,
                data TEXT NOT NULL
            )
            """,
            "CREATE INDEX alarm_items_pending ON alarm_items (state, due_unix)",
        ),
    ),
    Migration(
        version=3,
        description="push outbox: notifications written before they are sent (server.push.outbox)",
        statements=(
            """
            CREATE TABLE push_outbox (
                id TEXT PRIMARY KEY,
                channel TEXT NOT NULL,
                idempotency_key TEXT NOT NULL,
                payload TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at_unix REAL NOT NULL,
                last_error TEXT,
                answer TEXT,
                created_at_unix REAL NOT NULL,
                updated_at_unix REAL NOT NULL,
                sent_at_unix REAL,
                UNIQUE (channel, idempotency_key)
            )
            """,
            "CREATE INDEX push_outbox_due ON push_outbox (channel, status, next_attempt_at_unix)",
            "CREATE INDEX push_outbox_created ON push_outbox (created_at_unix)",
        ),
    ),
)

_VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at_unix REAL NOT NULL
)
"""


def latest_version(migrations: Sequence[Migration] = MIGRATIONS) -> int:
    return migrations[-1].version if migrations else 0


def migrate(connection: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Bring the database up to the newest version; return that version.

    ``connection`` must be in autocommit mode (``isolation_level=None``) so that this
    function controls the transaction. Raises ``StoreError`` for a newer database.
    """
    _check_order(migrations)
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.execute(_VERSION_TABLE)
        current = _current_version(connection)
        newest = latest_version(migrations)
        if current > newest:
            raise StoreError(
                f"the database was created by a newer version of ting (schema version {current}, "
                f"this ting knows up to {newest}); upgrade ting or point store.data_dir elsewhere"
            )
        for migration in migrations:
            if migration.version > current:
                _apply(connection, migration)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return newest


def _current_version(connection: sqlite3.Connection) -> int:
    row = connection.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _apply(connection: sqlite3.Connection, migration: Migration) -> None:
    _LOGGER.info("Applying store migration %d: %s", migration.version, migration.description)
    for statement in migration.statements:
        connection.execute(statement)
    connection.execute(
        "INSERT INTO schema_version (version, description, applied_at_unix) VALUES (?, ?, ?)",
        (migration.version, migration.description, time.time()),
    )


def _check_order(migrations: Sequence[Migration]) -> None:
    versions = [migration.version for migration in migrations]
    if versions != sorted(set(versions)) or (versions and versions[0] < 1):
        raise StoreError(f"store migrations must have strictly increasing versions from 1, got {versions}")

"""``SqliteStore``: the default store, one SQLite file (``ting.db``) in the data directory.

Every sqlite3 call runs on one dedicated worker thread: the event loop never blocks on disk,
and the single connection is used by one thread only, so access is serialized without locks.
Calls are queued in the order they are made, so two ``put``s of the same key land in order.

The connection stays open (no connection per call) in autocommit mode with WAL journaling and
``synchronous=NORMAL``: each write is its own short transaction, committed without an fsync
(durable across a process crash; the last few writes may be lost on power loss), which keeps
the per-write cost low for the device-state hot path.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from server.store.base import Store
from server.store.migrations import MIGRATIONS, Migration, migrate
from ting.errors import StoreError

_LOGGER = logging.getLogger(__name__)

DATABASE_FILE_NAME = "ting.db"
_BUSY_TIMEOUT_SECONDS = 5.0

_T = TypeVar("_T")


class SqliteStore(Store):
    """A ``Store`` in one SQLite database file."""

    def __init__(self, database_path: Path, *, migrations: Sequence[Migration] = MIGRATIONS) -> None:
        self.database_path = database_path
        self._migrations = tuple(migrations)
        self._executor: ThreadPoolExecutor | None = None
        self._connection: sqlite3.Connection | None = None

    @classmethod
    def in_dir(cls, data_dir: Path) -> SqliteStore:
        """The store kept in ``data_dir/ting.db``."""
        return cls(data_dir / DATABASE_FILE_NAME)

    # -- lifecycle --------------------------------------------------------------------------

    async def open(self) -> None:
        if self._executor is not None:
            return
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ting-store")
        try:
            await self._run(self._connect)
        except BaseException:
            self._shutdown_executor()
            raise
        _LOGGER.info("Store open: %s", self.database_path)

    async def close(self) -> None:
        if self._executor is None:
            return
        try:
            await self._run(self._disconnect)
        finally:
            self._shutdown_executor()

    async def healthy(self) -> bool:
        try:
            return await self._run(lambda: self._db().execute("SELECT 1").fetchone() == (1,))
        except StoreError:
            return False

    async def schema_version(self) -> int:
        query = "SELECT MAX(version) FROM schema_version"
        row = await self._run(lambda: self._db().execute(query).fetchone())
        return int(row[0]) if row and row[0] is not None else 0

    # -- key-value --------------------------------------------------------------------------

    async def get(self, namespace: str, key: str) -> Any | None:
        row = await self._run(
            lambda: (
                self._db()
                .execute("SELECT value FROM kv WHERE namespace = ? AND key = ?", (namespace, key))
                .fetchone()
            )
        )
        return None if row is None else _decode(row[0], namespace, key)

    async def put(self, namespace: str, key: str, value: Any) -> None:
        text = _encode(value, namespace, key)
        await self._run(
            lambda: self._db().execute(
                "INSERT INTO kv (namespace, key, value, updated_at_unix) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (namespace, key) DO UPDATE SET "
                "value = excluded.value, updated_at_unix = excluded.updated_at_unix",
                (namespace, key, text, time.time()),
            )
        )

    async def delete(self, namespace: str, key: str) -> None:
        await self._run(
            lambda: self._db().execute("DELETE FROM kv WHERE namespace = ? AND key = ?", (namespace, key))
        )

    async def items(self, namespace: str) -> dict[str, Any]:
        rows = await self._run(
            lambda: (
                self._db()
                .execute("SELECT key, value FROM kv WHERE namespace = ? ORDER BY key", (namespace,))
                .fetchall()
            )
        )
        return {key: _decode(text, namespace, key) for key, text in rows}

    # -- worker thread ------------------------------------------------------------------------

    async def _run(self, call: Callable[[], _T]) -> _T:
        """Run ``call`` on the store thread; translate sqlite errors into ``StoreError``."""
        if self._executor is None:
            raise StoreError(f"store {self.database_path} is not open")
        try:
            future = self._executor.submit(call)
        except RuntimeError:
            raise StoreError(f"store {self.database_path} is closed") from None
        try:
            return await asyncio.wrap_future(future)
        except sqlite3.Error as error:
            raise StoreError(f"store {self.database_path}: {error}") from None

    def _db(self) -> sqlite3.Connection:
        if self._connection is None:
            raise StoreError(f"store {self.database_path} is not open")
        return self._connection

    def _connect(self) -> None:
        """Store thread: open the file, configure it and migrate the schema."""
        try:
            self.database_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create store directory {self.database_path.parent}: {error}") from None
        connection = sqlite3.connect(
            self.database_path, timeout=_BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=True
        )
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA foreign_keys=ON")
            migrate(connection, self._migrations)
        except BaseException:
            connection.close()
            raise
        self._connection = connection

    def _disconnect(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _shutdown_executor(self) -> None:
        if self._executor is not None:
            # Every queued call has completed (the close call ran last), so do not wait here.
            self._executor.shutdown(wait=False)
            self._executor = None


def _encode(value: Any, namespace: str, key: str) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as error:
        raise StoreError(f"store {namespace}/{key}: value is not JSON-serializable: {error}") from None


def _decode(text: str, namespace: str, key: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as error:
        raise StoreError(f"store {namespace}/{key}: stored value is not valid JSON: {error}") from None

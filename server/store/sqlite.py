"""``SqliteStore``: the default store, one SQLite file (``ting.db``) in the data directory.

Every sqlite3 call runs on one dedicated worker thread: the event loop never blocks on disk,
and the single connection is used by one thread only, so access is serialized without locks.
Calls are queued in the order they are made, so two ``put``s of the same key land in order.

The connection stays open (no connection per call) with WAL journaling and ``synchronous=NORMAL``
(durable across a process crash; the last few writes may be lost on power loss). Writes are
group-committed: ``put``/``delete`` return once their write is committed, and writes that arrive
while a commit is running share the next transaction, which keeps the per-write cost low on the
device-state hot path without weakening what a returned ``put`` promises.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sqlite3
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from ting.errors import StoreError
from ting.server.store.base import OutboxRecord, OutboxStatus, Store
from ting.server.store.integrity import check_integrity
from ting.server.store.migrations import MIGRATIONS, Migration, migrate

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
        self._pending: dict[tuple[str, str], str | None] = {}
        """Writes not yet handed to the store thread (``None`` = delete)."""
        self._next_commit: asyncio.Future[None] | None = None
        """Resolved when the writes now in ``_pending`` are committed."""
        self._committing = False

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
        if self._next_commit is not None:  # writes still waiting for their batch
            with contextlib.suppress(StoreError):
                await asyncio.shield(self._next_commit)
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
        await self._write(namespace, key, _encode(value, namespace, key))

    async def delete(self, namespace: str, key: str) -> None:
        await self._write(namespace, key, None)

    async def items(self, namespace: str) -> dict[str, Any]:
        rows = await self._run(
            lambda: (
                self._db()
                .execute("SELECT key, value FROM kv WHERE namespace = ? ORDER BY key", (namespace,))
                .fetchall()
            )
        )
        return {key: _decode(text, namespace, key) for key, text in rows}

    # -- push outbox ---------------------------------------------------------------------------

    async def outbox_add(self, records: list[OutboxRecord]) -> list[bool]:
        rows = [
            (
                r.id,
                r.channel,
                r.idempotency_key,
                _encode(r.payload, "push_outbox", r.id),
                r.status,
                r.attempts,
                r.next_attempt_at_unix,
                r.created_at_unix,
                r.created_at_unix,
            )
            for r in records
        ]

        def insert() -> list[bool]:
            return self._transaction(
                lambda db: [
                    db.execute(
                        "INSERT INTO push_outbox (id, channel, idempotency_key, payload, status, attempts, "
                        "next_attempt_at_unix, created_at_unix, updated_at_unix) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        "ON CONFLICT (channel, idempotency_key) DO NOTHING",
                        row,
                    ).rowcount
                    == 1
                    for row in rows
                ]
            )

        return await self._run(insert)

    async def outbox_claim(self, channel: str, *, now_unix: float, limit: int) -> list[OutboxRecord]:
        def claim(db: sqlite3.Connection) -> list[OutboxRecord]:
            rows = db.execute(
                f"SELECT {_OUTBOX_COLUMNS} FROM push_outbox WHERE channel = ? AND status = 'pending' "
                "AND next_attempt_at_unix <= ? ORDER BY next_attempt_at_unix, created_at_unix LIMIT ?",
                (channel, now_unix, limit),
            ).fetchall()
            db.executemany(
                "UPDATE push_outbox SET status = 'sending', attempts = attempts + 1, updated_at_unix = ? "
                "WHERE id = ?",
                [(now_unix, row[0]) for row in rows],
            )
            return [_outbox_record(row, status="sending", attempts_delta=1) for row in rows]

        return await self._run(lambda: self._transaction(claim))

    async def outbox_finish(
        self,
        record_id: str,
        *,
        status: OutboxStatus,
        now_unix: float,
        next_attempt_at_unix: float | None = None,
        last_error: str | None = None,
        answer: Any = None,
    ) -> None:
        answer_text = None if answer is None else _encode(answer, "push_outbox", record_id)
        await self._run(
            lambda: self._db().execute(
                "UPDATE push_outbox SET status = ?, updated_at_unix = ?, "
                "next_attempt_at_unix = COALESCE(?, next_attempt_at_unix), last_error = ?, "
                "answer = COALESCE(?, answer), "
                "sent_at_unix = CASE WHEN ? = 'sent' THEN ? ELSE sent_at_unix END WHERE id = ?",
                (
                    status,
                    now_unix,
                    next_attempt_at_unix,
                    last_error,
                    answer_text,
                    status,
                    now_unix,
                    record_id,
                ),
            )
        )

    async def outbox_recover(self, *, claimed_before_unix: float) -> int:
        cursor = await self._run(
            lambda: self._db().execute(
                "UPDATE push_outbox SET status = 'pending' WHERE status = 'sending' AND updated_at_unix < ?",
                (claimed_before_unix,),
            )
        )
        return int(cursor.rowcount)

    async def outbox_list(
        self, *, status: OutboxStatus | None = None, channel: str | None = None, limit: int = 100
    ) -> list[OutboxRecord]:
        query = (
            f"SELECT {_OUTBOX_COLUMNS} FROM push_outbox WHERE (? IS NULL OR status = ?) "
            "AND (? IS NULL OR channel = ?) ORDER BY created_at_unix DESC, id LIMIT ?"
        )
        parameters = (status, status, channel, channel, limit)
        rows = await self._run(lambda: self._db().execute(query, parameters).fetchall())
        return [_outbox_record(row) for row in rows]

    async def outbox_next_due(self, channel: str) -> float | None:
        query = "SELECT MIN(next_attempt_at_unix) FROM push_outbox WHERE channel = ? AND status = 'pending'"
        row = await self._run(lambda: self._db().execute(query, (channel,)).fetchone())
        return None if row is None or row[0] is None else float(row[0])

    def _transaction(self, work: Callable[[sqlite3.Connection], _T]) -> _T:
        """Store thread: ``work`` in one immediate transaction."""
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            result = work(db)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        return result

    # -- group commit -------------------------------------------------------------------------

    async def _write(self, namespace: str, key: str, text: str | None) -> None:
        """Queue a write (``None``: delete) and wait until it is committed.

        Writes made while a batch is being committed go into the next batch, written in one
        transaction: under load many writes share a commit; alone, a write commits at once.
        A later write to the same key replaces an earlier one still waiting (last write wins).
        """
        if self._executor is None:
            raise StoreError(f"store {self.database_path} is not open")
        self._pending[(namespace, key)] = text
        if self._next_commit is None:
            self._next_commit = asyncio.get_running_loop().create_future()
        waiter = self._next_commit
        self._start_commit()
        await asyncio.shield(waiter)

    def _start_commit(self) -> None:
        if self._committing or not self._pending or self._executor is None:
            return
        batch, self._pending = self._pending, {}
        waiter, self._next_commit = self._next_commit, None
        self._committing = True
        done = asyncio.wrap_future(self._executor.submit(self._commit, batch))
        done.add_done_callback(lambda result: self._committed(result, waiter))

    def _committed(self, result: asyncio.Future[None], waiter: asyncio.Future[None] | None) -> None:
        self._committing = False
        error = result.exception()
        if waiter is not None and not waiter.done():
            if error is None:
                waiter.set_result(None)
            else:
                waiter.set_exception(StoreError(f"store {self.database_path}: {error}"))
        self._start_commit()

    def _commit(self, batch: dict[tuple[str, str], str | None]) -> None:
        """Store thread: write one batch in one transaction."""
        now = time.time()
        upserts = [(ns, key, text, now) for (ns, key), text in batch.items() if text is not None]
        deletes = [(ns, key) for (ns, key), text in batch.items() if text is None]
        db = self._db()
        db.execute("BEGIN")
        try:
            db.executemany(
                "INSERT INTO kv (namespace, key, value, updated_at_unix) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (namespace, key) DO UPDATE SET "
                "value = excluded.value, updated_at_unix = excluded.updated_at_unix",
                upserts,
            )
            db.executemany("DELETE FROM kv WHERE namespace = ? AND key = ?", deletes)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

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
            check_integrity(connection, self.database_path)
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


_OUTBOX_COLUMNS = (
    "id, channel, idempotency_key, payload, status, attempts, next_attempt_at_unix, last_error, answer, "
    "created_at_unix, updated_at_unix, sent_at_unix"
)


def _outbox_record(
    row: tuple[Any, ...], *, status: OutboxStatus | None = None, attempts_delta: int = 0
) -> OutboxRecord:
    return OutboxRecord(
        id=row[0],
        channel=row[1],
        idempotency_key=row[2],
        payload=_decode(row[3], "push_outbox", row[0]),
        status=status or row[4],
        attempts=row[5] + attempts_delta,
        next_attempt_at_unix=row[6],
        last_error=row[7],
        answer=None if row[8] is None else _decode(row[8], "push_outbox", row[0]),
        created_at_unix=row[9],
        updated_at_unix=row[10],
        sent_at_unix=row[11],
    )

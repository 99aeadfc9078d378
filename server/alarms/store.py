"""``AlarmStore``: durable items with an atomic claim, in SQLite (default) or PostgreSQL.

Kept apart from the key-value ``Store``: items are queried by state and due time, and a due
item is *claimed* with one conditional UPDATE (``WHERE id = ? AND state = ? AND due_unix = ?``)
before it fires. Of two servers sharing one PostgreSQL that both see an item come due, exactly
one UPDATE changes a row; the other sees zero rows and stays quiet.
"""

from __future__ import annotations

import abc
import asyncio
import json
import logging
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from ting.errors import StoreError
from ting.server.store.migrations import migrate
from ting.server.store.sqlite import DATABASE_FILE_NAME
from ting.settings import StoreSettings
from ting.skills.sdk.alarms import Item, ItemState

_LOGGER = logging.getLogger(__name__)
_T = TypeVar("_T")

_COLUMNS = "id, household, kind, site_id, state, due_unix, data"
_POSTGRES_SCHEMA = """
CREATE TABLE IF NOT EXISTS alarm_items (
    id TEXT PRIMARY KEY,
    household TEXT NOT NULL,
    kind TEXT NOT NULL,
    site_id TEXT NOT NULL,
    state TEXT NOT NULL,
    due_unix DOUBLE PRECISION NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alarm_items_pending ON alarm_items (state, due_unix);
"""
_SCHEMA_LOCK = 0x7469_6E67
"""Advisory lock id ('ting') taken while creating the PostgreSQL schema (servers start together)."""


class AlarmStore(abc.ABC):
    """Items by id; ``claim`` is the only way a server takes a due item for firing."""

    @abc.abstractmethod
    async def open(self) -> None: ...

    @abc.abstractmethod
    async def close(self) -> None: ...

    @abc.abstractmethod
    async def put(self, item: Item) -> None:
        """Insert or replace."""

    @abc.abstractmethod
    async def get(self, item_id: str) -> Item | None: ...

    @abc.abstractmethod
    async def delete(self, item_id: str) -> bool: ...

    @abc.abstractmethod
    async def items(self, *, household: str | None = None, states: Sequence[ItemState] = ()) -> list[Item]:
        """Items (optionally of one household, in some states), soonest first."""

    @abc.abstractmethod
    async def claim(self, seen: Item, updated: Item) -> bool:
        """Replace ``seen`` by ``updated`` only if the row still has ``seen``'s state and due time."""

    async def __aenter__(self) -> AlarmStore:
        await self.open()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


def _row(item: Item) -> tuple[Any, ...]:
    data = json.dumps(item.to_json(), ensure_ascii=False, separators=(",", ":"))
    return (item.id, item.household, item.kind.value, item.site_id, item.state.value, item.due_unix, data)


def _item(data: str) -> Item:
    try:
        return Item.from_json(json.loads(data))
    except (ValueError, TypeError, KeyError) as error:
        raise StoreError(f"alarm store: unreadable item: {error}") from None


def _where(household: str | None, states: Sequence[ItemState], mark: str) -> tuple[str, list[Any]]:
    clauses, args = [], []
    if household is not None:
        clauses.append(f"household = {mark}")
        args.append(household)
    if states:
        clauses.append(f"state IN ({', '.join([mark] * len(states))})")
        args.extend(state.value for state in states)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", args


class SqliteAlarmStore(AlarmStore):
    """The ``alarm_items`` table of ``ting.db`` (created by store migration), on its own thread."""

    def __init__(self, database_path: Path) -> None:
        self.database_path = database_path
        self._executor: ThreadPoolExecutor | None = None
        self._connection: sqlite3.Connection | None = None

    async def open(self) -> None:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ting-alarms")
            await self._run(self._connect)

    async def close(self) -> None:
        if self._executor is not None:
            await self._run(self._disconnect)
            self._executor.shutdown(wait=False)
            self._executor = None

    async def put(self, item: Item) -> None:
        sql = f"INSERT OR REPLACE INTO alarm_items ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"
        await self._run(lambda: self._db().execute(sql, _row(item)))

    async def get(self, item_id: str) -> Item | None:
        sql = "SELECT data FROM alarm_items WHERE id = ?"
        row = await self._run(lambda: self._db().execute(sql, (item_id,)).fetchone())
        return None if row is None else _item(row[0])

    async def delete(self, item_id: str) -> bool:
        sql = "DELETE FROM alarm_items WHERE id = ?"
        return await self._run(lambda: self._db().execute(sql, (item_id,)).rowcount == 1)

    async def items(self, *, household: str | None = None, states: Sequence[ItemState] = ()) -> list[Item]:
        where, args = _where(household, states, "?")
        sql = f"SELECT data FROM alarm_items{where} ORDER BY due_unix"
        rows = await self._run(lambda: self._db().execute(sql, args).fetchall())
        return [_item(row[0]) for row in rows]

    async def claim(self, seen: Item, updated: Item) -> bool:
        _, _, _, site, state, due, data = _row(updated)
        sql = (
            "UPDATE alarm_items SET site_id = ?, state = ?, due_unix = ?, data = ? "
            "WHERE id = ? AND state = ? AND due_unix = ?"
        )
        args = (site, state, due, data, seen.id, seen.state.value, seen.due_unix)
        return await self._run(lambda: self._db().execute(sql, args).rowcount == 1)

    async def _run(self, call: Callable[[], _T]) -> _T:
        if self._executor is None:
            raise StoreError(f"alarm store {self.database_path} is not open")
        try:
            return await asyncio.wrap_future(self._executor.submit(call))
        except sqlite3.Error as error:
            raise StoreError(f"alarm store {self.database_path}: {error}") from None

    def _db(self) -> sqlite3.Connection:
        if self._connection is None:
            raise StoreError(f"alarm store {self.database_path} is not open")
        return self._connection

    def _connect(self) -> None:
        self.database_path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.database_path, timeout=5.0, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        migrate(connection)  # idempotent; the kv store may have done it already
        self._connection = connection

    def _disconnect(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


class PostgresAlarmStore(AlarmStore):
    """``alarm_items`` in PostgreSQL (psycopg 3, async), shared by several servers."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self._connection: Any = None
        self._lock = asyncio.Lock()
        """One connection, one statement at a time (psycopg connections are not concurrent)."""

    async def open(self) -> None:
        import psycopg

        try:
            self._connection = await psycopg.AsyncConnection.connect(self.dsn, autocommit=True)
            async with self._connection.transaction():
                await self._connection.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
                await self._connection.execute(_POSTGRES_SCHEMA)
        except psycopg.Error as error:
            raise StoreError(f"alarm store (postgres): {error}") from None

    async def close(self) -> None:
        if self._connection is not None:
            await self._connection.close()
            self._connection = None

    async def put(self, item: Item) -> None:
        await self._execute(
            f"INSERT INTO alarm_items ({_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (id) DO UPDATE SET household = excluded.household, kind = excluded.kind, "
            "site_id = excluded.site_id, state = excluded.state, due_unix = excluded.due_unix, "
            "data = excluded.data",
            _row(item),
        )

    async def get(self, item_id: str) -> Item | None:
        rows = await self._fetch("SELECT data FROM alarm_items WHERE id = %s", (item_id,))
        return _item(rows[0][0]) if rows else None

    async def delete(self, item_id: str) -> bool:
        return await self._execute("DELETE FROM alarm_items WHERE id = %s", (item_id,)) == 1

    async def items(self, *, household: str | None = None, states: Sequence[ItemState] = ()) -> list[Item]:
        where, args = _where(household, states, "%s")
        rows = await self._fetch(f"SELECT data FROM alarm_items{where} ORDER BY due_unix", args)
        return [_item(row[0]) for row in rows]

    async def claim(self, seen: Item, updated: Item) -> bool:
        _, _, _, site, state, due, data = _row(updated)
        count = await self._execute(
            "UPDATE alarm_items SET site_id = %s, state = %s, due_unix = %s, data = %s "
            "WHERE id = %s AND state = %s AND due_unix = %s",
            (site, state, due, data, seen.id, seen.state.value, seen.due_unix),
        )
        return count == 1

    async def _execute(self, sql: str, args: Sequence[Any]) -> int:
        import psycopg

        async with self._lock:
            try:
                cursor = await self._db().execute(sql, args)
            except psycopg.Error as error:
                raise StoreError(f"alarm store (postgres): {error}") from None
            return int(cursor.rowcount)

    async def _fetch(self, sql: str, args: Sequence[Any]) -> list[tuple[Any, ...]]:
        import psycopg

        async with self._lock:
            try:
                cursor = await self._db().execute(sql, args)
                return list(await cursor.fetchall())
            except psycopg.Error as error:
                raise StoreError(f"alarm store (postgres): {error}") from None

    def _db(self) -> Any:
        if self._connection is None:
            raise StoreError("alarm store (postgres) is not open")
        return self._connection


def open_alarm_store(settings: StoreSettings) -> AlarmStore:
    """SQLite (``ting.db`` in the data directory) or PostgreSQL at ``store.postgres_dsn`` (not yet opened)."""
    if settings.backend == "postgres":
        if not settings.postgres_dsn:
            raise StoreError("store.backend = 'postgres' needs store.postgres_dsn")
        return PostgresAlarmStore(settings.postgres_dsn)
    return SqliteAlarmStore(settings.data_dir / DATABASE_FILE_NAME)

"""SqliteStore against a real database file in tmp_path."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from ting.errors import StoreError
from ting.server.store import SqliteStore, open_store
from ting.server.store.migrations import MIGRATIONS, Migration, latest_version
from ting.settings import StoreSettings


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteStore]:
    async with SqliteStore.in_dir(tmp_path / "data") as opened:
        assert isinstance(opened, SqliteStore)
        yield opened


async def test_put_get_delete_items(store: SqliteStore) -> None:
    assert await store.get("alarms", "a1") is None
    await store.put("alarms", "a1", {"time": "07:00"})
    await store.put("alarms", "a2", [1, 2, 3])
    await store.put("home", "a1", True)
    assert await store.get("alarms", "a1") == {"time": "07:00"}
    assert await store.items("alarms") == {"a1": {"time": "07:00"}, "a2": [1, 2, 3]}
    await store.put("alarms", "a1", {"time": "08:00"})
    assert await store.get("alarms", "a1") == {"time": "08:00"}
    await store.delete("alarms", "a1")
    await store.delete("alarms", "missing")
    assert await store.items("alarms") == {"a2": [1, 2, 3]}
    assert await store.items("home") == {"a1": True}


async def test_json_round_trip_with_chinese_text(store: SqliteStore) -> None:
    value = {"label": "给妈妈打电话", "nested": {"温度": 26.5, "list": [None, False, "客厅灯"]}}
    await store.put("reminders", "提醒", value)
    assert await store.get("reminders", "提醒") == value
    raw = sqlite3.connect(store.database_path).execute("SELECT value FROM kv").fetchone()[0]
    assert "给妈妈打电话" in raw  # stored readable, not \u-escaped


async def test_values_persist_across_reopen(tmp_path: Path) -> None:
    async with SqliteStore.in_dir(tmp_path) as first:
        await first.put("ns", "k", {"n": 1})
    async with SqliteStore.in_dir(tmp_path) as second:
        assert await second.get("ns", "k") == {"n": 1}


async def test_non_json_value_is_a_store_error(store: SqliteStore) -> None:
    with pytest.raises(StoreError, match="not JSON-serializable"):
        await store.put("ns", "k", {"when": object()})


async def test_wal_mode_and_healthy(store: SqliteStore) -> None:
    assert await store.healthy()
    mode = sqlite3.connect(store.database_path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


async def test_closed_store_raises_store_error(tmp_path: Path) -> None:
    store = SqliteStore.in_dir(tmp_path)
    with pytest.raises(StoreError, match="not open"):
        await store.get("ns", "k")
    await store.open()
    await store.close()
    assert not await store.healthy()
    with pytest.raises(StoreError):
        await store.put("ns", "k", 1)


async def test_migrations_applied_once(tmp_path: Path) -> None:
    for _ in range(3):
        async with SqliteStore.in_dir(tmp_path) as store:
            assert await store.schema_version() == latest_version()
    rows = sqlite3.connect(tmp_path / "ting.db").execute("SELECT version FROM schema_version").fetchall()
    assert [row[0] for row in rows] == [migration.version for migration in MIGRATIONS]


async def test_new_migration_applied_to_existing_database(tmp_path: Path) -> None:
    async with SqliteStore.in_dir(tmp_path) as store:
        await store.put("ns", "k", "kept")
    extra = Migration(len(MIGRATIONS) + 1, "test index", ("CREATE INDEX kv_updated ON kv (updated_at_unix)",))
    async with SqliteStore(tmp_path / "ting.db", migrations=(*MIGRATIONS, extra)) as store:
        assert await store.schema_version() == extra.version
        assert await store.get("ns", "k") == "kept"


async def test_failed_migration_rolls_back(tmp_path: Path) -> None:
    broken = Migration(len(MIGRATIONS) + 1, "broken", ("CREATE TABLE t (x)", "NOT SQL AT ALL"))
    with pytest.raises(StoreError):
        await SqliteStore(tmp_path / "ting.db", migrations=(*MIGRATIONS, broken)).open()
    tables = sqlite3.connect(tmp_path / "ting.db").execute("SELECT name FROM sqlite_master").fetchall()
    assert ("t",) not in tables
    async with SqliteStore.in_dir(tmp_path) as store:
        assert await store.schema_version() == latest_version()


async def test_database_from_newer_ting_is_refused(tmp_path: Path) -> None:
    async with SqliteStore.in_dir(tmp_path):
        pass
    with sqlite3.connect(tmp_path / "ting.db") as connection:
        connection.execute("INSERT INTO schema_version VALUES (999, 'future', 0)")
    with pytest.raises(StoreError, match="newer version of ting"):
        await SqliteStore.in_dir(tmp_path).open()


async def test_calls_run_on_one_worker_thread_not_the_loop(store: SqliteStore) -> None:
    seen: set[int] = set()

    def record() -> None:
        seen.add(threading.get_ident())

    await asyncio.gather(*(store._run(record) for _ in range(20)))
    assert len(seen) == 1
    assert threading.get_ident() not in seen


async def test_many_concurrent_puts(store: SqliteStore) -> None:
    count = 2000
    started = time.perf_counter()
    await asyncio.gather(*(store.put("home", f"device{i % 50}", {"seq": i}) for i in range(count)))
    elapsed_seconds = time.perf_counter() - started
    items = await store.items("home")
    assert len(items) == 50
    # Calls are queued in order, so the last put of each key wins.
    assert all(items[f"device{k}"] == {"seq": count - 50 + k} for k in range(50))
    assert count / elapsed_seconds > 500, f"only {count / elapsed_seconds:.0f} puts/s"


def test_open_store_factory(tmp_path: Path) -> None:
    assert isinstance(open_store(StoreSettings(data_dir=tmp_path)), SqliteStore)
    # No PostgreSQL key-value store yet: kv stays in SQLite (alarms use PostgreSQL, server.alarms.store).
    assert isinstance(open_store(StoreSettings(backend="postgres", data_dir=tmp_path)), SqliteStore)


async def test_namespaced_view(store: SqliteStore) -> None:
    view = store.view("weather")
    await view.put("city", "上海")
    assert await view.get("city") == "上海"
    assert await view.get("missing", "fallback") == "fallback"
    assert await view.items() == {"city": "上海"}
    await view.delete("city")
    assert await store.items("weather") == {}


async def test_concurrent_writes_all_land_with_the_last_value(tmp_path: Path) -> None:
    store = SqliteStore.in_dir(tmp_path)
    await store.open()
    await asyncio.gather(*(store.put("ns", f"k{i}", {"i": i}) for i in range(2000)))
    await asyncio.gather(*(store.put("ns", f"k{i}", {"i": -i}) for i in range(2000)))
    await store.close()
    reopened = SqliteStore.in_dir(tmp_path)
    await reopened.open()
    items = await reopened.items("ns")
    await reopened.close()
    assert len(items) == 2000 and items["k1999"] == {"i": -1999}


async def test_last_write_to_a_key_wins_across_put_and_delete(store: SqliteStore) -> None:
    await asyncio.gather(store.put("ns", "a", 1), store.delete("ns", "a"), store.put("ns", "b", 1))
    await asyncio.gather(store.put("ns", "b", 2), store.delete("ns", "b"), store.put("ns", "b", 3))
    assert await store.items("ns") == {"b": 3}


async def test_a_bad_value_fails_alone_in_a_busy_batch(store: SqliteStore) -> None:
    results = await asyncio.gather(
        store.put("ns", "good1", 1),
        store.put("ns", "bad", {1, 2}),
        store.put("ns", "good2", 2),
        return_exceptions=True,
    )
    assert results[0] is None and results[2] is None and isinstance(results[1], StoreError)
    assert await store.items("ns") == {"good1": 1, "good2": 2}


async def test_writes_pending_at_close_are_committed(tmp_path: Path) -> None:
    store = SqliteStore.in_dir(tmp_path)
    await store.open()
    writes = [asyncio.ensure_future(store.put("ns", f"k{i}", i)) for i in range(50)]
    await asyncio.sleep(0)
    await store.close()
    await asyncio.gather(*writes)
    reopened = SqliteStore.in_dir(tmp_path)
    await reopened.open()
    assert len(await reopened.items("ns")) == 50
    await reopened.close()


async def _damaged_store(data: Path) -> Path:
    async with SqliteStore.in_dir(data) as store:
        for n in range(400):  # a few pages of data to damage
            await store.put("skill", f"key{n}", {"value": "x" * 200})
    database = data / "ting.db"
    raw = bytearray(database.read_bytes())
    page = 4096
    raw[page * 3 : page * 3 + 2000] = b"\xde\xad\xbe\xef" * 500  # a b-tree page overwritten
    database.write_bytes(bytes(raw))
    return database


async def test_a_damaged_database_is_reported_and_kept_not_used(tmp_path: Path) -> None:
    """A corrupted page in ting.db was not noticed at start."""
    database = await _damaged_store(tmp_path / "data")
    before = database.read_bytes()
    with pytest.raises(StoreError, match="is damaged") as caught:
        async with SqliteStore.in_dir(tmp_path / "data"):
            pass
    copies = list((tmp_path / "data").glob("ting.db.damaged-*"))
    assert [c.name for c in copies if not c.name.endswith(("-wal", "-shm"))], copies
    assert str(copies[0]).split("-wal")[0] in str(caught.value) or "damaged-" in str(caught.value)
    assert database.read_bytes() == before  # nothing was written to it


def test_the_server_refuses_a_damaged_store_with_one_clear_message(tmp_path: Path) -> None:
    import subprocess
    import sys

    database = asyncio.run(_damaged_store(tmp_path / "data"))
    config = tmp_path / "ting.toml"
    config.write_text(f'[store]\ndata_dir = "{database.parent}"\n[server]\nhttp_port = 0\n')
    ting = str(Path(sys.executable).with_name("ting"))
    result = subprocess.run(
        [ting, "server", "--config", str(config)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "is damaged" in result.stderr and "A copy is kept at" in result.stderr

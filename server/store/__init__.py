"""Durable state. ``open_store(settings)`` picks the backend (SQLite by default).

The returned store is not yet open: ``await store.open()`` (or ``async with store``)
connects and migrates the schema.
"""

from __future__ import annotations

import logging

from ting.errors import StoreError
from ting.server.store.base import NamespacedStore, Store
from ting.server.store.sqlite import SqliteStore
from ting.settings import StoreSettings

__all__ = ["NamespacedStore", "SqliteStore", "Store", "open_store"]

_LOGGER = logging.getLogger(__name__)


def open_store(settings: StoreSettings) -> Store:
    """The store the settings ask for (not yet opened)."""
    if settings.backend == "sqlite":
        return SqliteStore.in_dir(settings.data_dir)
    if settings.backend == "postgres":
        # The key-value store has no PostgreSQL implementation yet: it stays in SQLite, while
        # alarms (server.alarms.store.open_alarm_store) use PostgreSQL, so servers share them.
        _LOGGER.warning("store.backend = 'postgres': key-value data stays in SQLite; alarms use PostgreSQL")
        return SqliteStore.in_dir(settings.data_dir)
    raise StoreError(f"unknown store backend {settings.backend!r} (expected 'sqlite' or 'postgres')")

"""Durable state. ``open_store(settings)`` picks the backend (SQLite by default).

The returned store is not yet open: ``await store.open()`` (or ``async with store``)
connects and migrates the schema.
"""

from __future__ import annotations

from server.store.base import NamespacedStore, Store
from server.store.sqlite import SqliteStore
from ting.errors import StoreError
from ting.settings import StoreSettings

__all__ = ["NamespacedStore", "SqliteStore", "Store", "open_store"]


def open_store(settings: StoreSettings) -> Store:
    """The store the settings ask for (not yet opened)."""
    if settings.backend == "sqlite":
        return SqliteStore.in_dir(settings.data_dir)
    if settings.backend == "postgres":
        raise StoreError("store backend 'postgres' is not available yet; use backend = \"sqlite\"")
    raise StoreError(f"unknown store backend {settings.backend!r} (expected 'sqlite' or 'postgres')")

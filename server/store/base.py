"""The store interface. Skills never see it directly: they get a namespaced ``SkillStore`` view.

Implementations: ``server.store.sqlite.SqliteStore`` (default). A PostgreSQL
implementation (several servers sharing one database) implements the same class.
"""

from __future__ import annotations

import abc
from typing import Any


class Store(abc.ABC):
    """Async, JSON-valued key-value storage in namespaces, with schema migrations on open."""

    @abc.abstractmethod
    async def open(self) -> None:
        """Connect and migrate the schema to the newest version."""

    @abc.abstractmethod
    async def close(self) -> None: ...

    @abc.abstractmethod
    async def healthy(self) -> bool:
        """True when a trivial query succeeds."""

    @abc.abstractmethod
    async def get(self, namespace: str, key: str) -> Any | None: ...

    @abc.abstractmethod
    async def put(self, namespace: str, key: str, value: Any) -> None: ...

    @abc.abstractmethod
    async def delete(self, namespace: str, key: str) -> None: ...

    @abc.abstractmethod
    async def items(self, namespace: str) -> dict[str, Any]: ...

    @abc.abstractmethod
    async def schema_version(self) -> int: ...

    def view(self, namespace: str) -> NamespacedStore:
        """The ``SkillStore`` a skill gets: this store restricted to one namespace."""
        return NamespacedStore(self, namespace)

    async def __aenter__(self) -> Store:
        await self.open()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


class NamespacedStore:
    """Implements ``skills.sdk.SkillStore`` on top of a ``Store``."""

    def __init__(self, store: Store, namespace: str) -> None:
        self._store = store
        self.namespace = namespace

    async def get(self, key: str, default: Any = None) -> Any:
        value = await self._store.get(self.namespace, key)
        return default if value is None else value

    async def put(self, key: str, value: Any) -> None:
        await self._store.put(self.namespace, key, value)

    async def delete(self, key: str) -> None:
        await self._store.delete(self.namespace, key)

    async def items(self) -> dict[str, Any]:
        return await self._store.items(self.namespace)

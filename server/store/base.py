"""The store interface. Skills never see it directly: they get a namespaced ``SkillStore`` view.

Implementations: ``ting.server.store.sqlite.SqliteStore`` (default). A PostgreSQL
implementation (several servers sharing one database) implements the same class.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass
from typing import Any, Literal

OutboxStatus = Literal["pending", "sending", "sent", "failed"]


@dataclass(frozen=True)
class OutboxRecord:
    """One notification for one channel in the push outbox (``ting.server.push.outbox``)."""

    id: str
    channel: str
    idempotency_key: str
    """Unique per channel: a second add with the same key is ignored (delivered once)."""
    payload: dict[str, Any]
    status: OutboxStatus = "pending"
    attempts: int = 0
    next_attempt_at_unix: float = 0.0
    last_error: str | None = None
    answer: Any = None
    """The API's answer(s) on success."""
    created_at_unix: float = 0.0
    updated_at_unix: float = 0.0
    sent_at_unix: float | None = None


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

    # -- push outbox (server.push.outbox) ---------------------------------------------------

    @abc.abstractmethod
    async def outbox_add(self, records: list[OutboxRecord]) -> list[bool]:
        """Insert each record unless (channel, idempotency_key) exists; True where inserted."""

    @abc.abstractmethod
    async def outbox_claim(self, channel: str, *, now_unix: float, limit: int) -> list[OutboxRecord]:
        """Atomically move up to ``limit`` due ``pending`` records of ``channel`` (oldest first) to
        ``sending``, counting the attempt; return them as claimed."""

    @abc.abstractmethod
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
        """Record the outcome of a claimed record: ``sent``, ``failed``, or ``pending`` again."""

    @abc.abstractmethod
    async def outbox_recover(self, *, claimed_before_unix: float) -> int:
        """Put ``sending`` records claimed before the given time back to ``pending`` (a crash
        interrupted them); return how many."""

    @abc.abstractmethod
    async def outbox_list(
        self, *, status: OutboxStatus | None = None, channel: str | None = None, limit: int = 100
    ) -> list[OutboxRecord]:
        """Newest first."""

    @abc.abstractmethod
    async def outbox_next_due(self, channel: str) -> float | None:
        """When the earliest ``pending`` record of ``channel`` is due, or None."""

    def view(self, namespace: str) -> NamespacedStore:
        """The ``SkillStore`` a skill gets: this store restricted to one namespace."""
        return NamespacedStore(self, namespace)

    async def __aenter__(self) -> Store:
        await self.open()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


class NamespacedStore:
    """Implements ``ting.skills.sdk.SkillStore`` on top of a ``Store``."""

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

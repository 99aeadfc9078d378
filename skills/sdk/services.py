"""Services the server hands to skills. Skills see only these protocols, never the server.

Each protocol is small so that the server can swap implementations (SQLite or
PostgreSQL store, the simulated or a real home backend) without touching skills.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ting.nlu.registry import Household


class SkillStore(Protocol):
    """Durable JSON key-value storage, namespaced per skill."""

    async def get(self, key: str, default: Any = None) -> Any: ...

    async def put(self, key: str, value: Any) -> None: ...

    async def delete(self, key: str) -> None: ...

    async def items(self) -> dict[str, Any]: ...


class Scheduler(Protocol):
    """Runs a skill's event at a wall-clock time (the alarms issue makes it durable)."""

    async def schedule(self, when: datetime, event: str, payload: Mapping[str, Any]) -> str: ...

    async def cancel(self, job_id: str) -> bool: ...


class PushService(Protocol):
    """Announces an event that the notification layer (WeChat/WeCom) may forward."""

    async def notify(self, event: str, text: str, data: Mapping[str, Any] | None = None) -> None: ...


class Clock(Protocol):
    def now(self) -> datetime:
        """Timezone-aware current time in the household's time zone."""
        ...


@dataclass(frozen=True)
class Services:
    store: SkillStore
    scheduler: Scheduler
    push: PushService
    home: Household
    """The household registry: areas, devices, scenes, and which area each site is in."""
    clock: Clock
    extras: Mapping[str, Any] = field(default_factory=dict)
    """Named objects a skill registered in its ``on_start`` for its own handlers (e.g. a backend)."""
